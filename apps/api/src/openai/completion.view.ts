import type { Assistant, Message } from '@assistants/db';
import type { ToolCallView } from '@assistants/common';

/** An assistant as an OpenAI model; `name` and `description` are extras for people choosing one. */
export function toModelView(assistant: Assistant) {
  return {
    id: assistant.id,
    object: 'model' as const,
    created: Math.floor(assistant.createdAt.getTime() / 1000),
    owned_by: assistant.ownerId,
    name: assistant.name,
    description: assistant.description,
  };
}

/** The passages the answer cites, numbered as in its text ([1] is index 1). */
export function toSources(message: Message) {
  const rows = Array.isArray(message.searchResults) ? (message.searchResults as Record<string, unknown>[]) : [];
  return rows.map((r) => ({
    index: r.citation as number,
    document_id: r.documentId as string,
    filename: r.filename as string,
    chunk_id: r.chunkId as string,
    position: r.position as number,
    score: r.score as number,
    text: r.text as string,
  }));
}

export function toUsage(message: Message) {
  return { prompt_tokens: message.promptTokens ?? 0, completion_tokens: message.completionTokens ?? 0, total_tokens: message.totalTokens ?? 0 };
}

/** OpenAI's finish reasons: the model's own when it said "length", else "stop". */
export function finishReason(message: Message): 'stop' | 'length' {
  return (message.llmRequest as { finishReason?: string } | null)?.finishReason === 'length' ? 'length' : 'stop';
}

/** What every completion object and chunk of one turn share. */
export interface CompletionIds {
  id: string;
  created: number;
  model: string;
  conversationId: string;
}

export function completionIds(answer: { id: string; createdAt: Date }, model: string, conversationId: string): CompletionIds {
  return { id: `chatcmpl-${answer.id}`, created: Math.floor(answer.createdAt.getTime() / 1000), model, conversationId };
}

export function toCompletion(ids: CompletionIds, message: Message) {
  return {
    id: ids.id,
    object: 'chat.completion' as const,
    created: ids.created,
    model: ids.model,
    system_fingerprint: null,
    choices: [
      { index: 0, message: { role: 'assistant' as const, content: message.content, refusal: null }, logprobs: null, finish_reason: finishReason(message) },
    ],
    usage: toUsage(message),
    conversation_id: ids.conversationId,
    sources: toSources(message),
    tool_calls: toToolCalls(message),
  };
}

/** Our extra field: the calls the answer made to tools, as the message view shows them (not OpenAI's tool_calls of a reply that asks for calls). */
export function toToolCalls(message: Pick<Message, 'toolCalls'>): ToolCallView[] {
  return (message.toolCalls as ToolCallView[] | null) ?? [];
}

export function toChunk(ids: CompletionIds, delta: { role?: 'assistant'; content?: string }, finish: 'stop' | 'length' | null = null, extra: object = {}) {
  return {
    id: ids.id,
    object: 'chat.completion.chunk' as const,
    created: ids.created,
    model: ids.model,
    system_fingerprint: null,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    ...extra,
  };
}
