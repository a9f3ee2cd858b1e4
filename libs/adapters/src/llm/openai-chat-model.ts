import type OpenAI from 'openai';
import type { ChatCompletionChunk, ChatCompletionCreateParamsStreaming, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { Stream } from 'openai/streaming';
import {
  throwIfAborted,
  Deadline,
  LlmUnavailableError,
  type ChatMessage,
  type ChatModel,
  type ChatRequest,
  type ModelToolCall,
  type ChatResult,
  type StreamOptions,
  type TokenUsage,
  countUsageInline,
  type UsageCounter,
} from '@assistants/domain';
import { toLlmError, type MapContext } from './errors';
import { DEFAULT_TIMEOUT_MS, openAiClient, type OpenAiEndpoint } from './openai-client';

/**
 * OpenAI reasoning models (o1, o3, gpt-5...) reject `max_tokens` and any non-default
 * temperature; every other OpenAI-compatible server takes the classic parameters.
 */
function isReasoningModel(model: string): boolean {
  return /^(o[1-9]|gpt-5)/.test(model.toLowerCase().split('/').pop() ?? '');
}

function toWireMessage(message: ChatMessage): ChatCompletionMessageParam {
  if (message.role === 'tool') return { role: 'tool', tool_call_id: message.toolCallId, content: message.content };
  if (message.role === 'assistant' && message.toolCalls?.length) {
    return {
      role: 'assistant',
      content: message.content || null,
      tool_calls: message.toolCalls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } })),
    };
  }
  return { role: message.role, content: message.content };
}

export function chatParams(request: ChatRequest): ChatCompletionCreateParamsStreaming {
  const base = {
    model: request.model,
    messages: request.messages.map(toWireMessage),
    stream: true as const,
    // Without this the server sends no token counts for streamed replies.
    stream_options: { include_usage: true },
    ...(request.tools?.length && {
      tools: request.tools.map((tool) => ({
        type: 'function' as const,
        function: { name: tool.name, description: tool.description, parameters: tool.parameters },
      })),
    }),
  };
  return isReasoningModel(request.model)
    ? { ...base, max_completion_tokens: request.maxTokens }
    : { ...base, temperature: request.temperature, max_tokens: request.maxTokens };
}

/** Any OpenAI-compatible chat endpoint, streamed. One attempt per call: retrying is the workflow's job. */
export class OpenAiChatModel implements ChatModel {
  readonly provider = 'openai' as const;
  private readonly client: OpenAI;
  private readonly timeoutMs: number;

  constructor(
    private readonly endpoint: OpenAiEndpoint,
    private readonly countUsage: UsageCounter = countUsageInline,
  ) {
    this.client = openAiClient(endpoint);
    this.timeoutMs = endpoint.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  async stream(request: ChatRequest, options: StreamOptions = {}): Promise<ChatResult> {
    const { signal, onDelta } = options;
    throwIfAborted(signal);
    // Counts from the request until the first byte, then between chunks: a server that goes
    // quiet mid-reply fails like one that never answers.
    const deadline = new Deadline(this.timeoutMs, signal);
    const ctx = { what: `chat completion (${request.model})`, signal, apiKey: this.endpoint.apiKey, deadline };
    try {
      let stream: Stream<ChatCompletionChunk>;
      try {
        // The SDK's own timeout is only a backstop behind the deadline.
        stream = await this.client.chat.completions.create(chatParams(request), { signal: deadline.signal, timeout: this.timeoutMs + 1000 });
      } catch (err) {
        throw toLlmError(err, ctx);
      }
      try {
        return await this.consume(stream, request, deadline, ctx, onDelta);
      } finally {
        // Leaving early (callback error, abort) must not leave the HTTP response streaming.
        stream.controller.abort();
      }
    } finally {
      deadline.dispose();
    }
  }

  private async consume(
    stream: Stream<ChatCompletionChunk>,
    request: ChatRequest,
    deadline: Deadline,
    ctx: MapContext,
    onDelta: StreamOptions['onDelta'],
  ): Promise<ChatResult> {
    let content = '';
    let usage: TokenUsage | undefined;
    let finishReason: string | null = null;
    let model = request.model;
    // Streamed tool calls come in pieces keyed by index: the first names the call, the rest extend its arguments.
    const calls: ModelToolCall[] = [];
    const chunks = stream[Symbol.asyncIterator]();
    for (;;) {
      deadline.restart();
      let next: IteratorResult<ChatCompletionChunk>;
      try {
        next = await chunks.next();
      } catch (err) {
        throw toLlmError(err, ctx);
      }
      deadline.pause(); // a slow onDelta is not the server's silence
      // The SDK ends the iteration quietly when its signal aborts: say why it ended.
      throwIfAborted(ctx.signal);
      if (deadline.expired) throw new LlmUnavailableError(`${ctx.what}: the stream stalled (no data for ${deadline.ms} ms)`, undefined, true);
      if (next.done) break;

      const chunk = next.value;
      if (chunk.model) model = chunk.model;
      if (chunk.usage) usage = fromWire(chunk.usage);
      const choice = chunk.choices?.[0];
      if (choice?.finish_reason) finishReason = choice.finish_reason;
      for (const piece of choice?.delta?.tool_calls ?? []) {
        const call = (calls[piece.index] ??= { id: '', name: '', arguments: '' });
        if (piece.id) call.id = piece.id;
        if (piece.function?.name) call.name += piece.function.name;
        if (piece.function?.arguments) call.arguments += piece.function.arguments;
      }
      const delta = choice?.delta?.content;
      if (delta) {
        content += delta;
        // Errors from the caller's callback are theirs: they pass through unmapped.
        await onDelta?.(delta);
      }
    }

    usage ??= await this.countUsage(request, content);
    if (!usage.totalTokens) usage.totalTokens = usage.promptTokens + usage.completionTokens;
    const toolCalls = calls.filter(Boolean).map((call, i) => ({ ...call, id: call.id || `call_${i}` }));
    return { content, usage, finishReason, provider: 'openai', model, ...(toolCalls.length && { toolCalls }) };
  }
}

function fromWire(u: NonNullable<ChatCompletionChunk['usage']>): TokenUsage {
  return { promptTokens: u.prompt_tokens ?? 0, completionTokens: u.completion_tokens ?? 0, totalTokens: u.total_tokens ?? 0 };
}
