import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { ToolCallView } from '@assistants/common';

const callUrl = (id: string) => `/api/tool-calls/${encodeURIComponent(id)}`;

/** The conversation owner's answer to a call that asks for approval; 409 when it no longer waits. */
@Injectable({ providedIn: 'root' })
export class ToolCallsService {
  private readonly http = inject(HttpClient);

  approve(callId: string) {
    return this.http.post<ToolCallView>(`${callUrl(callId)}/approve`, {});
  }

  /** An empty reason is left out of the body. */
  reject(callId: string, reason?: string) {
    return this.http.post<ToolCallView>(`${callUrl(callId)}/reject`, reason ? { reason } : {});
  }
}
