import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { DocumentView, ServerMessage } from '@assistants/common';
import { provideTranslateService } from '@ngx-translate/core';
import { Subject } from 'rxjs';
import { LiveService } from '../../../core/live/live.service';
import { KnowledgeUpload } from './knowledge-upload';

const doc = (over: Partial<DocumentView>): DocumentView => ({
  id: 'd1',
  assistantId: 'a1',
  filename: 'leave.md',
  mimeType: 'text/markdown',
  sizeBytes: 10,
  checksum: 'x',
  status: 'queued',
  progress: 0,
  error: null,
  errorCode: null,
  errorParams: null,
  chunkCount: 0,
  tokenCount: 0,
  taskId: 'ingest-d1',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...over,
});

describe('KnowledgeUpload', () => {
  it('uploads the chosen files as `files` parts, then follows each document to ready or failed', async () => {
    const events = new Subject<ServerMessage>();
    const live = { events, degraded: signal(false), subscribe: vi.fn(), unsubscribe: vi.fn() };
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideTranslateService(), { provide: LiveService, useValue: live }],
    });
    const fixture = TestBed.createComponent(KnowledgeUpload);
    fixture.componentRef.setInput('assistantId', 'a1');
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    const input = element.querySelector<HTMLInputElement>('input[type=file]')!;
    Object.defineProperty(input, 'files', { value: [new File(['# Leave'], 'leave.md'), new File([''], 'empty.txt')], configurable: true });
    input.dispatchEvent(new Event('change'));

    expect(live.subscribe).toHaveBeenCalledWith({ assistantId: 'a1' });
    const request = TestBed.inject(HttpTestingController).expectOne('/api/assistants/a1/documents');
    expect((request.request.body as FormData).getAll('files')).toHaveLength(2);
    request.flush(
      {
        accepted: 1,
        rejected: 1,
        results: [
          { filename: 'leave.md', status: 'accepted', document: doc({}), taskId: 'ingest-d1' },
          { filename: 'empty.txt', status: 'rejected', problem: { status: 400, title: 'Bad Request', detail: 'The file is empty.' } },
        ],
      },
      { status: 202, statusText: 'Accepted' },
    );
    await fixture.whenStable();
    const rows = () =>
      Array.from(element.querySelectorAll('li:not(.close)')).map(
        (li) =>
          `${li.className}: ${Array.from(li.children)
            .map((c) => c.textContent!.trim())
            .filter(Boolean)
            .join(' | ')}`,
      );
    expect(rows()).toEqual(['processing: leave.md | documents.processing · queued', 'failed: empty.txt | documents.failed | The file is empty.']);

    events.next({ type: 'document.progress', taskId: 'ingest-d1', assistantId: 'a1', documentId: 'd1', status: 'processing', stage: 'embedding', percent: 60 });
    await fixture.whenStable();
    expect(rows()[0]).toBe('processing: leave.md | documents.processing · embedding');
    expect(element.querySelector('progress')!.value).toBe(60);
    events.next({ type: 'document.progress', taskId: 'ingest-d1', assistantId: 'a1', documentId: 'd1', status: 'ready', stage: 'done', percent: 100 });
    await fixture.whenStable();
    expect(rows()[0]).toBe('ready: leave.md | documents.ready');

    element.querySelector<HTMLButtonElement>('li.close button')!.click();
    await fixture.whenStable();
    expect(element.querySelector('ul')).toBeNull();
    fixture.destroy();
    expect(live.unsubscribe).toHaveBeenCalledWith({ assistantId: 'a1' });
  });
});
