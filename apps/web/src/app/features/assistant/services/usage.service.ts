import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { UsageQuery, UsageReportView } from '@assistants/common';
import { queryParams } from '../../../core/api/query-params';

/** An assistant's usage figures per bucket (owner or admin). */
@Injectable({ providedIn: 'root' })
export class UsageService {
  private readonly http = inject(HttpClient);

  forAssistant(assistantId: string, range: UsageQuery = {}) {
    return this.http.get<UsageReportView>(`/api/assistants/${encodeURIComponent(assistantId)}/usage`, { params: queryParams(range) });
  }
}
