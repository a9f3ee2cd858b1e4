import type { IsoDateTime, ViewKeys } from './keys';
import type { SearchLegHitView, SearchLegView } from './search';
import type { ToolCallView } from './tool';

export type MessageRole = 'user' | 'assistant' | 'system';
export type MessageStatus = 'pending' | 'streaming' | 'done' | 'failed' | 'cancelled';

/** One passage an answer was given from; `citation` is the number the answer cites it by ([1], [2]). */
export interface MessageSource {
  citation: number;
  chunkId: string;
  documentId: string;
  filename: string;
  position: number;
  score: number;
  text: string;
  /** Page, heading and the like, as the parser found them. */
  metadata: Record<string, unknown>;
  /** Where each search leg ranked the passage before fusion (answers stored before legs existed lack it). */
  legs?: { text?: SearchLegHitView; vector?: SearchLegHitView; rerank?: SearchLegHitView };
}

export const MESSAGE_SOURCE_KEYS: ViewKeys<MessageSource> = {
  citation: 'required',
  chunkId: 'required',
  documentId: 'required',
  filename: 'required',
  position: 'required',
  score: 'required',
  text: 'required',
  metadata: 'required',
  legs: 'optional',
};

/** What was sent to the model, for the technical-details view; never any credentials. */
export interface LlmRequestView {
  provider: string;
  model: string;
  temperature: number;
  maxTokens: number;
  messages: { role: MessageRole; content: string }[];
  promptTokens: number;
  historyMessages: number;
  usedSummary: boolean;
  truncated: boolean;
  finishReason: string | null;
  template: { id: string; name: string } | null;
  /** A template asked for (with the message, or the assistant's default) that was left out, and why: deleted, no longer shared, not linked. */
  templateNotUsed?: { id: string; reason: string };
  /** How each search leg went for this turn: which engine, how long, and whether it failed or timed out. */
  search?: SearchLegView[];
  /** The tools offered to the model (function names as it saw them); absent when none. */
  tools?: { name: string; server: string; tool: string }[];
}

/** What people who may not read the assistant's system prompt see in its place (see canSeeSystemPrompt). */
export const HIDDEN_SYSTEM_PROMPT = '(hidden by the assistant’s owner)';

/**
 * The request as shown to someone who may not read the system prompt: every message with the role
 * 'system' (found by role, not position) has its content replaced; the rest stays readable.
 */
export function withSystemPromptHidden(request: LlmRequestView): LlmRequestView {
  return { ...request, messages: request.messages.map((m) => (m.role === 'system' ? { role: m.role, content: HIDDEN_SYSTEM_PROMPT } : m)) };
}

export const LLM_REQUEST_VIEW_KEYS: ViewKeys<LlmRequestView> = {
  provider: 'required',
  model: 'required',
  temperature: 'required',
  maxTokens: 'required',
  messages: 'required',
  promptTokens: 'required',
  historyMessages: 'required',
  usedSummary: 'required',
  truncated: 'required',
  finishReason: 'required',
  template: 'required',
  templateNotUsed: 'optional',
  search: 'optional',
  tools: 'optional',
};

/** Where the time of a turn went, in milliseconds. */
export interface MessageTimings {
  retrievalMs: number;
  promptReadyMs: number;
  /** Null when the model sent no token. */
  timeToFirstTokenMs: number | null;
  generationMs: number;
  /** From the user's message to the stored answer. */
  processingTimeMs: number;
}

export const MESSAGE_TIMINGS_KEYS: ViewKeys<MessageTimings> = {
  retrievalMs: 'required',
  promptReadyMs: 'required',
  timeToFirstTokenMs: 'required',
  generationMs: 'required',
  processingTimeMs: 'required',
};

export interface MessageUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

export const MESSAGE_USAGE_KEYS: ViewKeys<MessageUsage> = { promptTokens: 'required', completionTokens: 'required', totalTokens: 'required' };

/** A stored message. An answer's details (sources, request, timings, usage) are null until it is done. */
export interface MessageView {
  id: string;
  conversationId: string;
  role: MessageRole;
  /** The text so far while the answer streams, then the whole answer. */
  content: string;
  status: MessageStatus;
  /** Why the answer failed (or was cancelled), in English. */
  error: string | null;
  /** A failure's stable code ('chat.*' in PROBLEM_TEXT_EN) and params, to say it in the reader's language; null for a cancel and for failures recorded before codes. */
  errorCode: string | null;
  errorParams: Record<string, string | number> | null;
  /** For an answer: the user message it answers. */
  replyToId: string | null;
  /** The message this one follows (an answer's question; a question's previous message; null: the first). */
  parentId: string | null;
  /**
   * This message's versions, oldest first, itself among them: regenerated answers to the same
   * question, edited versions of a question. One id when it has no other version.
   */
  versions: string[];
  templateId: string | null;
  searchResults: MessageSource[] | null;
  llmRequest: LlmRequestView | null;
  timings: MessageTimings | null;
  processingTimeMs: number | null;
  usage: MessageUsage | null;
  rating: number | null;
  feedback: string | null;
  /** For an answer: every tool call it made, in order (empty when none). */
  toolCalls: ToolCallView[];
  createdAt: IsoDateTime;
}

export const MESSAGE_VIEW_KEYS: ViewKeys<MessageView> = {
  id: 'required',
  conversationId: 'required',
  role: 'required',
  content: 'required',
  status: 'required',
  error: 'required',
  errorCode: 'required',
  errorParams: 'required',
  replyToId: 'required',
  parentId: 'required',
  versions: 'required',
  templateId: 'required',
  searchResults: 'required',
  llmRequest: 'required',
  timings: 'required',
  processingTimeMs: 'required',
  usage: 'required',
  rating: 'required',
  feedback: 'required',
  toolCalls: 'required',
  createdAt: 'required',
};
