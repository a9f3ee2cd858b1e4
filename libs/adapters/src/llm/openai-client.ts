import OpenAI from 'openai';

export interface OpenAiEndpoint {
  /** An OpenAI-compatible API root, e.g. https://api.openai.com/v1 or http://ollama:11434/v1. */
  baseUrl: string;
  /** Local servers (Ollama, vLLM, llama.cpp) usually need none. */
  apiKey?: string;
  /** How long to wait for a response to start (and, when streaming, between chunks). */
  timeoutMs?: number;
  /** The fetch to connect with (providers added in the app: one that refuses private addresses); the SDK's own when unset. */
  fetch?: typeof fetch;
}

export const DEFAULT_TIMEOUT_MS = 120_000;

/** An SDK client configured only from our settings, never from stray OPENAI_* variables. */
export function openAiClient(endpoint: OpenAiEndpoint): OpenAI {
  return new OpenAI({
    baseURL: endpoint.baseUrl,
    // The SDK refuses to start without a key; keyless local servers ignore this placeholder.
    apiKey: endpoint.apiKey || 'no-key',
    organization: null,
    project: null,
    // Workflows retry with their own backoff; SDK retries would multiply attempts and hide time.
    maxRetries: 0,
    timeout: endpoint.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    ...(endpoint.fetch && { fetch: endpoint.fetch }),
  });
}
