import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { ConversationShareView, CreatedShareView, CreateShareRequest, SharedConversationView, ShareAudience } from '@assistants/common';

const id = encodeURIComponent;

/** The REST calls of share links: make, list and revoke (the owner), open (whoever has the link). */
@Injectable({ providedIn: 'root' })
export class SharesApiService {
  private readonly http = inject(HttpClient);

  list(conversationId: string) {
    return this.http.get<ConversationShareView[]>(`/api/conversations/${id(conversationId)}/shares`);
  }

  create(conversationId: string, audience: ShareAudience) {
    return this.http.post<CreatedShareView>(`/api/conversations/${id(conversationId)}/shares`, { audience } satisfies CreateShareRequest);
  }

  revoke(conversationId: string, shareId: string) {
    return this.http.delete<void>(`/api/conversations/${id(conversationId)}/shares/${id(shareId)}`);
  }

  open(token: string) {
    return this.http.get<SharedConversationView>(`/api/shared/${id(token)}`);
  }
}
