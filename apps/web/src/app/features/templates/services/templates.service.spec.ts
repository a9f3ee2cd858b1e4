import { HttpErrorResponse, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { formErrors } from '../../../shared/forms/field-errors';
import { TemplatesService, parseTags } from './templates.service';

const problem = (errors: { field: string; messages: string[] }[]) =>
  new HttpErrorResponse({ status: 400, error: { type: 'about:blank', title: 'Bad Request', status: 400, detail: 'failed validation', errors } });

describe('TemplatesService', () => {
  it('sends only the filters that are set, trimmed', async () => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    const service = TestBed.inject(TemplatesService);
    const http = TestBed.inject(HttpTestingController);

    const page = firstValueFrom(service.list({ search: '  leave ', type: 'qa', tag: '' }));
    const request = http.expectOne((r) => r.url === '/api/templates');
    expect(request.request.params.keys().sort()).toEqual(['limit', 'search', 'type']);
    expect(request.request.params.get('search')).toBe('leave');
    request.flush({ items: [], total: 0, limit: 100, offset: 0 });
    expect((await page).total).toBe(0);

    void firstValueFrom(service.preview('Hi {{name}}', { name: 'Ann' }));
    expect(http.expectOne('/api/templates/preview').request.body).toEqual({ promptText: 'Hi {{name}}', variables: { name: 'Ann' } });
    http.verify();
  });

  it('reads tags from comma-separated text, lower-cased, without blanks or repeats', () => {
    expect(parseTags(' HR, policy,, hr ,Leave ')).toEqual(['hr', 'policy', 'leave']);
    expect(parseTags('   ')).toEqual([]);
  });

  it("puts the server's messages by their field and keeps the rest as one message", () => {
    const split = formErrors(
      problem([
        { field: 'name', messages: ['name should not be empty'] },
        { field: 'tags.0', messages: ['each tag must be 1-40 letters'] },
        { field: 'extra', messages: ['property extra should not exist'] },
      ]),
      ['name', 'tags'],
    );
    expect(split).toEqual({
      fields: { name: 'name should not be empty', tags: 'each tag must be 1-40 letters' },
      general: 'extra: property extra should not exist',
    });
    expect(formErrors(new HttpErrorResponse({ status: 0 }), ['name'])).toEqual({ fields: {}, general: expect.stringMatching(/cannot be reached/) });
  });
});
