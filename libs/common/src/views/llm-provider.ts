import type { IsoDateTime, ViewKeys } from './keys';

/** An LLM provider as admins see it: the API key is never sent, only "••••" when one is stored. */
export interface LlmProviderView {
  /** Null for the built-in provider (LLM_BASE_URL, or the offline answerer), which is configured, not added. */
  id: string | null;
  name: string;
  builtin: boolean;
  /** The OpenAI-compatible API root; null for the built-in provider (configured on the server). */
  baseUrl: string | null;
  /** "••••" when a key is stored, null when none. */
  apiKey: string | null;
  /** The model names it offers, as its /models listed them. */
  models: string[];
  /**
   * 'ok', or why the last listing of /models failed: 'private_address' (LLM_PROVIDERS_ALLOW_PRIVATE_NETWORKS is off),
   * 'unauthorized' (the key), 'http_error', 'bad_response', 'timeout', 'unreachable'.
   */
  status: string;
  refreshedAt: IsoDateTime | null;
  createdAt: IsoDateTime | null;
  updatedAt: IsoDateTime | null;
}

export const LLM_PROVIDER_VIEW_KEYS: ViewKeys<LlmProviderView> = {
  id: 'required',
  name: 'required',
  builtin: 'required',
  baseUrl: 'required',
  apiKey: 'required',
  models: 'required',
  status: 'required',
  refreshedAt: 'required',
  createdAt: 'required',
  updatedAt: 'required',
};

/** A model people may pick (GET /api/llm-providers/models): no key, no address. */
export interface AvailableModelView {
  /** Null: the built-in provider. */
  providerId: string | null;
  provider: string;
  model: string;
}

export const AVAILABLE_MODEL_VIEW_KEYS: ViewKeys<AvailableModelView> = { providerId: 'required', provider: 'required', model: 'required' };

/** The model a conversation's turns use (GET and PUT /api/conversations/:id/model). */
export interface ConversationModelView {
  providerId: string | null;
  provider: string;
  model: string;
  /** Whether it was chosen for this conversation (else it is the assistant's). */
  chosen: boolean;
  /** Whether the assistant's owner lets people choose. */
  allowModelChoice: boolean;
}

export const CONVERSATION_MODEL_VIEW_KEYS: ViewKeys<ConversationModelView> = {
  providerId: 'required',
  provider: 'required',
  model: 'required',
  chosen: 'required',
  allowModelChoice: 'required',
};
