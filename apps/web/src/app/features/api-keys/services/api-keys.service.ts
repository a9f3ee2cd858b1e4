import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { ApiKeyView, CreateApiKeyRequest, CreatedApiKeyView } from '@assistants/common';

/** The caller's API keys; administrators also make keys for service accounts. */
@Injectable({ providedIn: 'root' })
export class ApiKeysService {
  private readonly http = inject(HttpClient);

  list() {
    return this.http.get<ApiKeyView[]>('/api/auth/api-keys');
  }

  /** For the caller, or (administrators) for the service account `userId`. */
  create(key: CreateApiKeyRequest, userId?: string) {
    const url = userId ? `/api/users/${encodeURIComponent(userId)}/api-keys` : '/api/auth/api-keys';
    return this.http.post<CreatedApiKeyView>(url, key);
  }

  revoke(id: string) {
    return this.http.delete<void>(`/api/auth/api-keys/${encodeURIComponent(id)}`);
  }
}
