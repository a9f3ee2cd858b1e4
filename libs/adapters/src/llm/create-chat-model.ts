import { OfflineAnswerer } from './offline-answerer';
import { OpenAiChatModel } from './openai-chat-model';
import type { ChatModel, UsageCounter } from '@assistants/domain';

export interface LlmConnection {
  /** An OpenAI-compatible endpoint (LLM_BASE_URL). Unset means the offline implementations. */
  baseUrl?: string;
  apiKey?: string;
  timeoutMs?: number;
}

// A configured endpoint is always used, even when it fails: falling back to offline answers
// would hide a broken configuration behind plausible-looking replies.

/** `countUsage`: where replies without reported usage are counted (the CPU pool in servers); this thread when unset. */
export function createChatModel(config: LlmConnection, countUsage?: UsageCounter): ChatModel {
  const { baseUrl, apiKey, timeoutMs } = config;
  return baseUrl ? new OpenAiChatModel({ baseUrl, apiKey, timeoutMs }, countUsage) : new OfflineAnswerer(countUsage);
}
