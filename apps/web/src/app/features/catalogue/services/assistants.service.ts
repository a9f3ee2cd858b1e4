import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { AssistantType, AssistantView, CreateAssistantRequest, ListAssistantsQuery, Page, UpdateAssistantRequest } from '@assistants/common';
import { queryParams } from '../../../core/api/query-params';

export interface AssistantQuery {
  search: string;
  type: AssistantType | '';
}

/** The settings the assistant page edits: a subset of AssistantView, sent back as an UpdateAssistantRequest. */
export type AssistantSettings = Pick<
  AssistantView,
  | 'name'
  | 'description'
  | 'assistantType'
  | 'llmModel'
  | 'llmProviderId'
  | 'allowModelChoice'
  | 'temperature'
  | 'maxTokens'
  | 'systemPrompt'
  | 'isPublic'
  | 'showPromptToUsers'
  | 'enableSearch'
  | 'searchLimit'
>;

@Injectable({ providedIn: 'root' })
export class AssistantsService {
  private readonly http = inject(HttpClient);

  list(query: AssistantQuery) {
    const params = queryParams<ListAssistantsQuery>({ limit: 100, search: query.search.trim(), type: query.type || undefined });
    return this.http.get<Page<AssistantView>>('/api/assistants', { params });
  }

  get(id: string) {
    return this.http.get<AssistantView>(`/api/assistants/${encodeURIComponent(id)}`);
  }

  update(id: string, settings: UpdateAssistantRequest) {
    return this.http.patch<AssistantView>(`/api/assistants/${encodeURIComponent(id)}`, settings);
  }

  create(assistant: CreateAssistantRequest) {
    return this.http.post<AssistantView>('/api/assistants', assistant);
  }
}
