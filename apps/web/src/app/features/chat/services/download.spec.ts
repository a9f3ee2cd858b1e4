import { HttpResponse, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { ApiError, errorMessage } from '../../../core/api/api-error';
import { authInterceptor, errorInterceptor } from '../../../core/api/interceptors';
import { ChatApiService } from './chat-api.service';
import { filenameFrom, saveResponse } from './download';

const CONVERSATION = '3f1c2b9e-6a1d-4c59-9a57-1c2b3d4e5f60';

describe('conversation export', () => {
  let http: HttpTestingController;
  let api: ChatApiService;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideRouter([]), provideHttpClient(withInterceptors([authInterceptor, errorInterceptor])), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    api = TestBed.inject(ChatApiService);
  });

  afterEach(() => http.verify());

  const flushExport = (body: Blob, status: number, statusText: string, contentType: string) =>
    http
      .expectOne((req) => req.url === `/api/conversations/${CONVERSATION}/export`)
      .flush(body, { status, statusText, headers: { 'content-type': contentType } });

  it("shows the API's problem detail when an export fails, though the body arrives as a Blob", async () => {
    const exporting = firstValueFrom(api.export(CONVERSATION, 'pdf'));
    const problem = { type: 'about:blank', title: 'Unprocessable Entity', status: 422, detail: 'This conversation has no messages to export yet.' };
    flushExport(new Blob([JSON.stringify(problem)], { type: 'application/problem+json' }), 422, 'Unprocessable Entity', 'application/problem+json');
    const error = await exporting.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(errorMessage(error)).toBe('This conversation has no messages to export yet.');
    expect((error as ApiError).status).toBe(422);
  });

  it('says something plain when the failed body is not a problem', async () => {
    const exporting = firstValueFrom(api.export(CONVERSATION, 'md'));
    flushExport(new Blob(['<html>Bad gateway</html>'], { type: 'text/html' }), 502, 'Bad Gateway', 'text/html');
    const error = await exporting.then(
      () => null,
      (e: unknown) => e,
    );
    expect(errorMessage(error)).toMatch(/went wrong on the server/);
  });

  it('saves a successful export under the name the server gives', async () => {
    const exporting = firstValueFrom(api.export(CONVERSATION, 'md'));
    flushExport(new Blob(['# Chat'], { type: 'text/markdown' }), 200, 'OK', 'text/markdown');
    const response = await exporting;
    const clicked: string[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download);
    });
    URL.createObjectURL = vi.fn(() => 'blob:x');
    URL.revokeObjectURL = vi.fn();
    const named = new HttpResponse({
      body: response.body,
      headers: response.headers.set('content-disposition', `attachment; filename*=UTF-8''%D0%A7%D0%B0%D1%82.md`),
    });
    saveResponse(named, 'conversation.md');
    expect(clicked).toEqual(['Чат.md']);
    click.mockRestore();
  });

  it('never silently drops an empty export', () => {
    expect(() => saveResponse(new HttpResponse<Blob>({ body: null }), 'conversation.md')).toThrow(/empty/);
    expect(filenameFrom(null, 'conversation.txt')).toBe('conversation.txt');
  });
});
