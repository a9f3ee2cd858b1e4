import { isUuid } from '@assistants/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OpenAiError } from '../../common/errors';

const MAX_CONTENT = 32000;
const MAX_MESSAGES = 200;

export type HistoryRole = 'user' | 'assistant' | 'system';

/** A chat completion request as the API acts on it. */
export interface ChatCompletionRequest {
  /** The assistant's id. */
  model: string;
  /** The last user message: the turn. */
  question: string;
  /** The client's messages before it; stored only when they start a new conversation. */
  history: { role: HistoryRole; content: string }[];
  stream: boolean;
  includeUsage: boolean;
  conversationId?: string;
}

class ChatMessageDoc {
  @ApiProperty({ enum: ['system', 'developer', 'user', 'assistant'] })
  role: string;

  @ApiProperty({
    description: 'A string, or an array of {type:"text", text} parts.',
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'object' } }],
  })
  content: unknown;
}

class StreamOptionsDoc {
  @ApiPropertyOptional({ description: 'Send a last chunk with `usage` before [DONE].' })
  include_usage?: boolean;
}

/**
 * For the OpenAPI document only: the body is checked by parseChatCompletionRequest,
 * because OpenAI clients send fields this API ignores (temperature, max_tokens, user…)
 * that the global whitelist would refuse.
 */
export class ChatCompletionRequestDoc {
  @ApiProperty({ description: 'The id of an assistant the caller may use (see GET /v1/models).' })
  model: string;

  @ApiProperty({ type: [ChatMessageDoc], description: 'The last message must be from the user; it is the turn.' })
  messages: ChatMessageDoc[];

  @ApiPropertyOptional({ default: false, description: 'Server-sent events of chat.completion.chunk objects, then `data: [DONE]`.' })
  stream?: boolean;

  @ApiPropertyOptional({ type: StreamOptionsDoc })
  stream_options?: StreamOptionsDoc;

  @ApiPropertyOptional({ format: 'uuid', description: 'Continue this conversation (same as the X-Conversation-Id header); otherwise a new one starts.' })
  conversation_id?: string;
}

const bad = (message: string, param: string) => new OpenAiError(400, message, 'invalid_value', param);

function textOf(content: unknown, param: string): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) throw bad(`${param} must be a string or an array of text parts.`, param);
  return content
    .map((part, i) => {
      if (part?.type !== 'text' || typeof part.text !== 'string')
        throw bad(`${param}[${i}] must be a text part ({"type":"text","text":"..."}); other kinds are not supported.`, `${param}[${i}]`);
      return part.text as string;
    })
    .join('\n');
}

function roleOf(role: unknown, param: string): HistoryRole {
  if (role === 'user' || role === 'assistant' || role === 'system') return role;
  // OpenAI's newer name for system instructions.
  if (role === 'developer') return 'system';
  throw bad(`${param} must be one of system, developer, user, assistant.`, param);
}

/**
 * Checks what this API uses and lets every other OpenAI field pass unread.
 * The conversation may also be named by the X-Conversation-Id header.
 */
export function parseChatCompletionRequest(body: unknown, conversationHeader?: string): ChatCompletionRequest {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw bad('The request body must be a JSON object.', 'body');
  // Untyped JSON, checked field by field below.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const b = body as Record<string, any>;
  if (typeof b.model !== 'string' || !b.model.trim()) throw bad('model is required: the id of an assistant (see GET /v1/models).', 'model');
  if (!Array.isArray(b.messages) || b.messages.length === 0) throw bad('messages is required and must be a non-empty array.', 'messages');
  if (b.messages.length > MAX_MESSAGES) throw bad(`messages may hold at most ${MAX_MESSAGES} entries.`, 'messages');
  if (b.stream !== undefined && b.stream !== null && typeof b.stream !== 'boolean') throw bad('stream must be a boolean.', 'stream');
  if (b.n !== undefined && b.n !== null && b.n !== 1) throw bad('Only n = 1 is supported.', 'n');
  if (b.conversation_id !== undefined && b.conversation_id !== null && typeof b.conversation_id !== 'string') {
    throw bad('conversation_id must be a string.', 'conversation_id');
  }

  const conversationId = b.conversation_id || conversationHeader || undefined;
  if (b.conversation_id && conversationHeader && b.conversation_id !== conversationHeader) {
    throw bad('conversation_id and the X-Conversation-Id header name different conversations.', 'conversation_id');
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const messages = b.messages.map((m: any, i: number) => {
    const param = `messages[${i}]`;
    if (!m || typeof m !== 'object') throw bad(`${param} must be an object with role and content.`, param);
    const role = roleOf(m.role, `${param}.role`);
    const content = textOf(m.content, `${param}.content`);
    if (content.length > MAX_CONTENT) throw bad(`${param}.content is longer than ${MAX_CONTENT} characters.`, `${param}.content`);
    return { role, content, isUser: m.role === 'user' };
  });
  const last = messages[messages.length - 1];
  const lastParam = `messages[${messages.length - 1}]`;
  if (!last.isUser) throw bad(`The last message must have role "user": it is the question to answer.`, `${lastParam}.role`);
  if (!last.content.trim()) throw bad('The last user message must not be empty.', `${lastParam}.content`);

  return {
    model: b.model.trim(),
    question: last.content,
    history: messages.slice(0, -1).map(({ role, content }: { role: HistoryRole; content: string }) => ({ role, content })),
    stream: b.stream === true,
    includeUsage: b.stream_options?.include_usage === true,
    conversationId,
  };
}

/** Conversation ids are UUIDs; anything else cannot name one (404, as for an unknown id). */
export function checkConversationId(id: string): string {
  if (!isUuid(id)) throw new OpenAiError(404, `No conversation has id ${JSON.stringify(id.slice(0, 80))}.`, 'conversation_not_found', 'conversation_id');
  return id.toLowerCase();
}
