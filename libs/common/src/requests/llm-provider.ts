/** POST /api/llm-providers (admins). Limits: CreateLlmProviderDto, and the OpenAPI document. */
export interface CreateLlmProviderRequest {
  name: string;
  /** An OpenAI-compatible API root, e.g. https://api.openai.com/v1. */
  baseUrl: string;
  /** Stored encrypted and never shown again; left out or empty: none. */
  apiKey?: string;
}

/** PATCH /api/llm-providers/:id: the fields to change; apiKey "••••" or left out keeps the stored key, "" removes it. */
export type UpdateLlmProviderRequest = Partial<CreateLlmProviderRequest>;

/** PUT /api/conversations/:id/model: one of the offered models; providerId null is the built-in provider. */
export interface SetConversationModelRequest {
  providerId: string | null;
  model: string;
}
