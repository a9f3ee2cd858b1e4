import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { DocumentView, UploadedDocumentView } from '@assistants/common';

const id = encodeURIComponent;

/** The REST calls of files attached to a conversation. */
@Injectable({ providedIn: 'root' })
export class AttachmentsService {
  private readonly http = inject(HttpClient);

  list(conversationId: string) {
    return this.http.get<DocumentView[]>(`/api/conversations/${id(conversationId)}/documents`);
  }

  upload(conversationId: string, file: File) {
    const body = new FormData();
    body.append('file', file, file.name);
    return this.http.post<UploadedDocumentView>(`/api/conversations/${id(conversationId)}/documents`, body);
  }

  remove(conversationId: string, documentId: string) {
    return this.http.delete<void>(`/api/conversations/${id(conversationId)}/documents/${id(documentId)}`);
  }
}
