import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  AvailableModelView,
  ConversationModelView,
  CreateLlmProviderRequest,
  LlmProviderView,
  SetConversationModelRequest,
  UpdateLlmProviderRequest,
} from '@assistants/common';

/** LLM providers (admins), the models everyone may pick, and a conversation's model. */
@Injectable({ providedIn: 'root' })
export class LlmProvidersService {
  private readonly http = inject(HttpClient);

  list() {
    return this.http.get<LlmProviderView[]>('/api/llm-providers');
  }

  models() {
    return this.http.get<AvailableModelView[]>('/api/llm-providers/models');
  }

  create(provider: CreateLlmProviderRequest) {
    return this.http.post<LlmProviderView>('/api/llm-providers', provider);
  }

  update(id: string, change: UpdateLlmProviderRequest) {
    return this.http.patch<LlmProviderView>(`/api/llm-providers/${encodeURIComponent(id)}`, change);
  }

  remove(id: string) {
    return this.http.delete<void>(`/api/llm-providers/${encodeURIComponent(id)}`);
  }

  refresh(id: string) {
    return this.http.post<LlmProviderView>(`/api/llm-providers/${encodeURIComponent(id)}/refresh`, {});
  }

  conversationModel(conversationId: string) {
    return this.http.get<ConversationModelView>(`/api/conversations/${encodeURIComponent(conversationId)}/model`);
  }

  setConversationModel(conversationId: string, choice: SetConversationModelRequest) {
    return this.http.put<ConversationModelView>(`/api/conversations/${encodeURIComponent(conversationId)}/model`, choice);
  }
}

/** One select option per model: its value names provider and model ("" for the built-in provider). */
export const modelOptionValue = (providerId: string | null, model: string) => `${providerId ?? ''}|${model}`;

export function parseModelOption(value: string): { providerId: string | null; model: string } {
  const at = value.indexOf('|');
  return { providerId: value.slice(0, at) || null, model: value.slice(at + 1) };
}
