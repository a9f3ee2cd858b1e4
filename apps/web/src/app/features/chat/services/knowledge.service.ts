import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { DocumentView, UploadBatchView } from '@assistants/common';

/** Uploads into an assistant's knowledge base and reads a document's state. */
@Injectable({ providedIn: 'root' })
export class KnowledgeService {
  private readonly http = inject(HttpClient);

  /** Every file as a `files` part, so the answer is always one result per file; progress events included. */
  upload(assistantId: string, files: File[]) {
    const form = new FormData();
    for (const file of files) form.append('files', file, file.name);
    return this.http.post<UploadBatchView>(`/api/assistants/${encodeURIComponent(assistantId)}/documents`, form, { reportProgress: true, observe: 'events' });
  }

  document(documentId: string) {
    return this.http.get<DocumentView>(`/api/documents/${encodeURIComponent(documentId)}`);
  }
}
