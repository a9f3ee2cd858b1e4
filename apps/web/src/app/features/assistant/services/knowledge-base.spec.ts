import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { DocumentView, ServerMessage } from '@assistants/common';
import { Subject } from 'rxjs';
import { LiveService } from '../../../core/live/live.service';
import { UploadTracker } from '../../../shared/knowledge/upload-tracker';
import { KnowledgeBase } from './knowledge-base';

const doc = (over: Partial<DocumentView>): DocumentView => ({
  id: 'd1',
  assistantId: 'a1',
  filename: 'leave.md',
  mimeType: 'text/markdown',
  sizeBytes: 10,
  checksum: 'x',
  status: 'ready',
  progress: 100,
  error: null,
  errorCode: null,
  errorParams: null,
  chunkCount: 3,
  tokenCount: 40,
  taskId: 'ingest-d1',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...over,
});

function setup() {
  const events = new Subject<ServerMessage>();
  const live = { events, degraded: signal(false), subscribe: vi.fn(), unsubscribe: vi.fn() };
  TestBed.configureTestingModule({
    providers: [provideHttpClient(), provideHttpClientTesting(), { provide: LiveService, useValue: live }, UploadTracker, KnowledgeBase],
  });
  return { events, live, base: TestBed.inject(KnowledgeBase), http: TestBed.inject(HttpTestingController) };
}

const statuses = (base: KnowledgeBase) =>
  base
    .rows()
    .map(
      (r) =>
        `${r.document.filename}: ${r.document.status} ${r.document.progress}%${r.stage ? ` ${r.stage}` : ''}${r.document.error ? ` (${r.document.error})` : ''}`,
    );

describe('KnowledgeBase', () => {
  it("lists an assistant's documents, subscribed to its progress, and follows document.progress to ready with the new counts", async () => {
    const { events, live, base, http } = setup();
    const opening = base.open('a1');
    expect(live.subscribe).toHaveBeenCalledWith({ assistantId: 'a1' });
    http
      .expectOne('/api/assistants/a1/documents')
      .flush([doc({ id: 'd1', status: 'queued', progress: 0, chunkCount: 0 }), doc({ id: 'd2', filename: 'old.pdf' })]);
    await opening;
    expect(statuses(base)).toEqual(['leave.md: queued 0%', 'old.pdf: ready 100%']);

    events.next({ type: 'document.progress', taskId: 't', assistantId: 'a1', documentId: 'd1', status: 'processing', stage: 'embedding', percent: 55 });
    expect(statuses(base)[0]).toBe('leave.md: processing 55% embedding');
    // Another assistant's event changes nothing.
    events.next({ type: 'document.progress', taskId: 't', assistantId: 'a2', documentId: 'd1', status: 'failed', stage: 'failed', percent: 0, error: 'x' });
    expect(statuses(base)[0]).toBe('leave.md: processing 55% embedding');

    events.next({ type: 'document.progress', taskId: 't', assistantId: 'a1', documentId: 'd1', status: 'ready', stage: 'done', percent: 100 });
    http.expectOne('/api/documents/d1').flush(doc({ id: 'd1', chunkCount: 7 }));
    await Promise.resolve();
    expect(base.rows()[0].document).toMatchObject({ status: 'ready', chunkCount: 7 });
  });

  it('shows a failed ingest with its reason, retries it, re-indexes a ready one (202, the document queued) and deletes one', async () => {
    const { events, base, http } = setup();
    const opening = base.open('a1');
    http.expectOne('/api/assistants/a1/documents').flush([doc({ id: 'd1', status: 'processing', progress: 30 }), doc({ id: 'd2', filename: 'old.pdf' })]);
    await opening;
    events.next({
      type: 'document.progress',
      taskId: 't',
      assistantId: 'a1',
      documentId: 'd1',
      status: 'failed',
      stage: 'failed',
      percent: 30,
      error: 'The PDF has no text layer.',
      errorCode: 'document.no_text_pdf',
      errorParams: null,
    });
    expect(statuses(base)[0]).toBe('leave.md: failed 30% failed (The PDF has no text layer.)');
    // The code comes along, for the panel to say it in the reader's language.
    expect(base.rows()[0].document).toMatchObject({ errorCode: 'document.no_text_pdf', errorParams: null });

    const retrying = base.retry('d1');
    const retry = http.expectOne('/api/documents/d1/retry');
    expect(retry.request.method).toBe('POST');
    expect(base.rows()[0].busy).toBe(true);
    retry.flush({ id: 'ingest-d1-2' }, { status: 202, statusText: 'Accepted' });
    await retrying;
    expect(statuses(base)[0]).toBe('leave.md: queued 0%');
    expect(base.rows()[0].busy).toBe(false);

    const reindexing = base.reindex('d2');
    const reindex = http.expectOne('/api/documents/d2/reindex');
    expect(reindex.request.method).toBe('POST');
    reindex.flush(doc({ id: 'd2', filename: 'old.pdf', status: 'queued', progress: 0 }), { status: 202, statusText: 'Accepted' });
    await reindexing;
    expect(statuses(base)[1]).toBe('old.pdf: queued 0%');

    const removing = base.remove('d2');
    const removal = http.expectOne('/api/documents/d2');
    expect(removal.request.method).toBe('DELETE');
    removal.flush({ taskId: 'cleanup-d2', links: { task: '/api/tasks/cleanup-d2' } }, { status: 202, statusText: 'Accepted' });
    await removing;
    expect(statuses(base)).toEqual(['leave.md: queued 0%']);
    http.verify();
  });

  it("says in plain words why an action failed and keeps the document's state", async () => {
    const { base, http } = setup();
    const opening = base.open('a1');
    http.expectOne('/api/assistants/a1/documents').flush([doc({ id: 'd2', filename: 'old.pdf' })]);
    await opening;
    const reindexing = base.reindex('d2');
    http
      .expectOne('/api/documents/d2/reindex')
      .flush(
        { type: 'about:blank', title: 'Conflict', status: 409, detail: 'The document is being processed; re-index it when it is ready.' },
        { status: 409, statusText: 'Conflict', headers: { 'content-type': 'application/problem+json' } },
      );
    await reindexing;
    expect(base.error()).toBe('The document is being processed; re-index it when it is ready.');
    expect(statuses(base)).toEqual(['old.pdf: ready 100%']);
  });

  it('uploads several files at once and lists the accepted ones straight away', async () => {
    const { base, http } = setup();
    const opening = base.open('a1');
    http.expectOne('/api/assistants/a1/documents').flush([]);
    await opening;
    const uploading = base.upload([new File(['a'], 'a.md'), new File(['b'], 'b.md')]);
    expect(base.uploads().map((u) => `${u.filename} ${u.state}`)).toEqual(['a.md uploading', 'b.md uploading']);
    const request = http.expectOne((r) => r.method === 'POST' && r.url === '/api/assistants/a1/documents');
    expect((request.request.body as FormData).getAll('files')).toHaveLength(2);
    request.flush(
      {
        accepted: 2,
        rejected: 0,
        results: [
          { filename: 'a.md', status: 'accepted', document: doc({ id: 'da', filename: 'a.md', status: 'queued', progress: 0 }), taskId: 'ta' },
          { filename: 'b.md', status: 'accepted', document: doc({ id: 'db', filename: 'b.md', status: 'queued', progress: 0 }), taskId: 'tb' },
        ],
      },
      { status: 202, statusText: 'Accepted' },
    );
    await uploading;
    expect(base.uploads()).toEqual([]);
    expect(statuses(base)).toEqual(['a.md: queued 0%', 'b.md: queued 0%']);
  });
});
