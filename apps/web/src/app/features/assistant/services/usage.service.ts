import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { UsageBucketWidth, UsageReportView } from '@assistants/common';

/** An assistant's usage figures per bucket (owner or admin). */
@Injectable({ providedIn: 'root' })
export class UsageService {
  private readonly http = inject(HttpClient);

  forAssistant(assistantId: string, range: { from?: string; to?: string; bucket?: UsageBucketWidth } = {}) {
    let params = new HttpParams();
    for (const [key, value] of Object.entries(range)) if (value) params = params.set(key, value);
    return this.http.get<UsageReportView>(`/api/assistants/${encodeURIComponent(assistantId)}/usage`, { params });
  }
}
