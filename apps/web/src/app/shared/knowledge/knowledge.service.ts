import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { DocumentRemovalView, DocumentView, TaskView, UploadBatchView } from '@assistants/common';

const documentUrl = (id: string) => `/api/documents/${encodeURIComponent(id)}`;
const documentsUrl = (assistantId: string) => `/api/assistants/${encodeURIComponent(assistantId)}/documents`;

/** An assistant's knowledge base: upload, list, and a document's state, removal, retry and re-index. */
@Injectable({ providedIn: 'root' })
export class KnowledgeService {
  private readonly http = inject(HttpClient);

  /** Every file as a `files` part, so the answer is always one result per file; progress events included. */
  upload(assistantId: string, files: File[]) {
    const form = new FormData();
    for (const file of files) form.append('files', file, file.name);
    return this.http.post<UploadBatchView>(documentsUrl(assistantId), form, { reportProgress: true, observe: 'events' });
  }

  list(assistantId: string) {
    return this.http.get<DocumentView[]>(documentsUrl(assistantId));
  }

  document(documentId: string) {
    return this.http.get<DocumentView>(documentUrl(documentId));
  }

  /** 202: a clean-up task removes the chunks, then the document. */
  remove(documentId: string) {
    return this.http.delete<DocumentRemovalView>(documentUrl(documentId));
  }

  /** 202: ingests a failed document again. */
  retry(documentId: string) {
    return this.http.post<TaskView>(`${documentUrl(documentId)}/retry`, {});
  }

  /** 202: chunks and embeds a document again (after a change of chunk size or model); answers the document, queued. */
  reindex(documentId: string) {
    return this.http.post<DocumentView>(`${documentUrl(documentId)}/reindex`, {});
  }
}
