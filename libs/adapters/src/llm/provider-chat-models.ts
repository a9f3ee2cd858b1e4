import type { ChatModel, LlmEndpoint, UsageCounter } from '@assistants/domain';
import { guardedFetch } from '../tools/network-guard';
import { OpenAiChatModel } from './openai-chat-model';

/** Clients kept per endpoint (base URL and key): a turn of a provider reuses the connection of the one before. */
const MAX_CLIENTS = 50;

/**
 * The chat model of each turn: the built-in one (LLM_BASE_URL, or the offline answerer) for
 * assistants on the built-in provider, else an OpenAI-compatible client of the provider an admin added.
 */
export class ProviderChatModels {
  private readonly clients = new Map<string, OpenAiChatModel>();

  constructor(
    readonly builtin: ChatModel,
    private readonly options: { timeoutMs?: number; countUsage?: UsageCounter; allowPrivateNetworks?: boolean } = {},
  ) {}

  for(endpoint: LlmEndpoint | null): ChatModel {
    if (!endpoint) return this.builtin;
    const key = JSON.stringify([endpoint.baseUrl, endpoint.apiKey ?? '']);
    let model = this.clients.get(key);
    if (!model) {
      if (this.clients.size >= MAX_CLIENTS) this.clients.delete(this.clients.keys().next().value!);
      // Checked at every connection, not only when the admin listed its models: a name may resolve elsewhere later.
      const fetch = guardedFetch({ allowPrivate: this.options.allowPrivateNetworks ?? false });
      model = new OpenAiChatModel({ ...endpoint, timeoutMs: this.options.timeoutMs, fetch }, this.options.countUsage);
      this.clients.set(key, model);
    }
    return model;
  }
}
