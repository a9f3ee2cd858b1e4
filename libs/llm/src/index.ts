import { HashingEmbedder } from './hashing-embedder';
import { OfflineAnswerer } from './offline-answerer';
import { OpenAiChatModel } from './openai-chat-model';
import { OpenAiEmbedder } from './openai-embedder';
import type { ChatModel, Embedder } from './ports';

export * from './ports';
export { isAbortError, abortError } from './abort';
export { toLlmError, redact } from './errors';
export { formatContextPassages, parseContextPassages, type ContextPassage } from './context-passages';
export { warmTokenizer, countTokens, truncateToTokens, countChatTokens, contextWindow, promptTokenBudget, DEFAULT_CONTEXT_WINDOW } from './tokenizer';
export { DEFAULT_TIMEOUT_MS, type OpenAiEndpoint } from './openai-client';
export { OpenAiChatModel, chatParams } from './openai-chat-model';
export { OpenAiEmbedder, DEFAULT_EMBEDDING_MODEL, type OpenAiEmbedderOptions } from './openai-embedder';
export { HashingEmbedder } from './hashing-embedder';
export { OfflineAnswerer, offlineAnswer, NO_MODEL_NOTICE, OFFLINE_MODEL } from './offline-answerer';

export interface LlmConnection {
  /** An OpenAI-compatible endpoint (LLM_BASE_URL). Unset means the offline implementations. */
  baseUrl?: string;
  apiKey?: string;
  timeoutMs?: number;
}

// A configured endpoint is always used, even when it fails: falling back to offline answers
// would hide a broken configuration behind plausible-looking replies.

export function createChatModel(config: LlmConnection): ChatModel {
  const { baseUrl, apiKey, timeoutMs } = config;
  return baseUrl ? new OpenAiChatModel({ baseUrl, apiKey, timeoutMs }) : new OfflineAnswerer();
}

export interface EmbedderConfig extends LlmConnection {
  /** Embedding model at the endpoint; defaults to text-embedding-3-small. */
  model?: string;
  dimensions?: number;
  batchSize?: number;
  /** Vector size of the offline hashing embedder (default 384). */
  offlineDimensions?: number;
}

export function createEmbedder(config: EmbedderConfig): Embedder {
  const { baseUrl, offlineDimensions, ...rest } = config;
  return baseUrl ? new OpenAiEmbedder({ ...rest, baseUrl }) : new HashingEmbedder(offlineDimensions);
}
