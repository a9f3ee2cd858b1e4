/** An OpenAI-compatible endpoint an admin added; `apiKey` is the sealed key (never shown, never logged). */
export interface LlmProviderRecord {
  id: string;
  name: string;
  baseUrl: string;
  apiKey: string | null;
  /** The model names its /models listed last time. */
  models: string[];
  /** 'ok', or why the last listing failed, in plain words. */
  status: string;
  refreshedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What a listing of /models gave: the names, or null (with status saying why) when it failed. */
export interface ModelListing {
  status: string;
  models: string[] | null;
  at: Date;
}

export interface NewLlmProvider {
  name: string;
  baseUrl: string;
  /** The plain key, sealed by the store; null or empty: none. */
  apiKey: string | null;
  listing: ModelListing;
}

/** Fields left out stay; `apiKey` undefined keeps the stored key, null removes it. */
export interface LlmProviderChange {
  name?: string;
  baseUrl?: string;
  apiKey?: string | null;
  listing?: ModelListing;
}

/** Where a chat turn sends a provider's requests, its key opened. */
export interface LlmEndpoint {
  baseUrl: string;
  apiKey?: string;
}

export interface LlmProviderStore {
  find(id: string): Promise<LlmProviderRecord | null>;
  list(): Promise<LlmProviderRecord[]>;
  create(provider: NewLlmProvider): Promise<LlmProviderRecord>;
  update(id: string, change: LlmProviderChange): Promise<LlmProviderRecord>;
  /** Removes it; conversations that had chosen one of its models go back to their assistant's. */
  remove(id: string): Promise<void>;
  /** The plain key; throws when it can no longer be opened (SECRETS_KEY changed). */
  openKey(provider: Pick<LlmProviderRecord, 'apiKey'>): string | undefined;
  /** The endpoint of a provider, for a chat turn; null when it was removed. */
  endpoint(id: string): Promise<LlmEndpoint | null>;
}
