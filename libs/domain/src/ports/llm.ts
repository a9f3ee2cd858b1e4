/** What the chat turn needs from a language model, whichever serves it. */
export type ChatMessage =
  | { role: 'system' | 'user'; content: string }
  /** `toolCalls`: the calls this reply asked for (their results follow as `tool` messages). */
  | { role: 'assistant'; content: string; toolCalls?: ModelToolCall[] }
  | { role: 'tool'; toolCallId: string; content: string };

/** A call a model asked for: the id it gave it, the function's name, and its arguments as JSON text. */
export interface ModelToolCall {
  id: string;
  name: string;
  arguments: string;
}

/** A function offered to the model (OpenAI's function-calling format); `parameters` is JSON Schema. */
export interface ToolSpec {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  temperature: number;
  maxTokens: number;
  /** The prompt's tokens as the prompt builder counted them: models that report no usage take it instead of counting again. */
  promptTokens?: number;
  /** Functions the model may call; absent or empty: none. */
  tools?: ToolSpec[];
}

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

/** Counts a reply's usage when its model reports none; the server wiring counts in a worker thread, where the tokenizer's tables are. */
export type UsageCounter = (request: ChatRequest, completion: string) => Promise<TokenUsage>;

export interface ChatResult {
  content: string;
  usage: TokenUsage;
  finishReason: string | null;
  /** Which answerer produced it: 'openai' (any compatible endpoint) or 'offline'. */
  provider: 'openai' | 'offline';
  model: string;
  /** The calls the model asked for instead of (or before) answering; absent when none. */
  toolCalls?: ModelToolCall[];
}

export interface StreamOptions {
  /** Called with each piece of text as it arrives, in order. */
  onDelta?: (delta: string) => void | Promise<void>;
  signal?: AbortSignal;
}

export interface ChatModel {
  readonly provider: 'openai' | 'offline';
  stream(request: ChatRequest, options?: StreamOptions): Promise<ChatResult>;
}

export interface Embedder {
  readonly model: string;
  readonly dimensions: number;
  embed(texts: string[], signal?: AbortSignal): Promise<number[][]>;
  /** Loads what the first call would otherwise wait for (a local model); absent when there is nothing to load. */
  warmUp?(): Promise<void>;
}

/** A failure's stable code (a 'chat.*' problem code) and params, carried beside its English message. */
export interface LlmProblem {
  code: string;
  params?: Record<string, string | number>;
}

/**
 * The model refused the request (bad model name, context too long, bad key):
 * trying again cannot help, so workflows fail fast on it.
 */
export class LlmRejectedError extends Error {
  override name = 'LlmRejectedError';
  /** What the reader is told (in their language, by code); the message keeps the provider's own words. */
  readonly problem: LlmProblem = { code: 'chat.provider_refused' };
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** A failure that may pass: timeout, connection error, 429 or 5xx. Workflows retry it with backoff. */
export class LlmUnavailableError extends Error {
  override name = 'LlmUnavailableError';
  readonly problem: LlmProblem;
  /** `timedOut`: no answer within a deadline (a 408 counts too); a 429 is a rate limit; anything else, unreachable. */
  constructor(
    message: string,
    readonly status?: number,
    timedOut = false,
  ) {
    super(message);
    const code = timedOut || status === 408 ? 'chat.provider_timeout' : status === 429 ? 'chat.provider_rate_limited' : 'chat.provider_unreachable';
    this.problem = { code };
  }
}
