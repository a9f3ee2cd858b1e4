import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { AssistantType, AssistantView, Page } from '@assistants/common';

export interface AssistantQuery {
  search: string;
  type: AssistantType | '';
}

/** The settings the assistant page edits (a subset of AssistantView, as PATCH takes them). */
export type AssistantSettings = Pick<
  AssistantView,
  'name' | 'description' | 'assistantType' | 'llmModel' | 'temperature' | 'maxTokens' | 'systemPrompt' | 'isPublic' | 'showPromptToUsers' | 'enableSearch' | 'searchLimit'
>;

export interface NewAssistant {
  name: string;
  description: string;
  assistantType: AssistantType;
  isPublic: boolean;
}

@Injectable({ providedIn: 'root' })
export class AssistantsService {
  private readonly http = inject(HttpClient);

  list(query: AssistantQuery) {
    let params = new HttpParams().set('limit', 100);
    if (query.search.trim()) params = params.set('search', query.search.trim());
    if (query.type) params = params.set('type', query.type);
    return this.http.get<Page<AssistantView>>('/api/assistants', { params });
  }

  get(id: string) {
    return this.http.get<AssistantView>(`/api/assistants/${encodeURIComponent(id)}`);
  }

  update(id: string, settings: Partial<AssistantSettings>) {
    return this.http.patch<AssistantView>(`/api/assistants/${encodeURIComponent(id)}`, settings);
  }

  create(assistant: NewAssistant) {
    return this.http.post<AssistantView>('/api/assistants', assistant);
  }
}
