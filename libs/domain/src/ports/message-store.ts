import type { LlmRequestView, MessageRole, MessageSource, MessageStatus, MessageTimings } from '@assistants/common';
import type { JsonValue } from './json';

/** A row of `messages`. */
export interface MessageRecord {
  id: string;
  conversationId: string;
  role: MessageRole;
  content: string;
  status: MessageStatus;
  error: string | null;
  clientMessageId: string | null;
  replyToId: string | null;
  templateId: string | null;
  searchResults: JsonValue | null;
  llmRequest: JsonValue | null;
  /** ToolCallView[] of an answer that called tools. */
  toolCalls: JsonValue | null;
  timings: JsonValue | null;
  processingTimeMs: number | null;
  promptTokens: number | null;
  completionTokens: number | null;
  totalTokens: number | null;
  rating: number | null;
  feedback: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What a finished answer keeps: its text, what it was written from, and what it cost. */
export interface StoredAnswer {
  content: string;
  searchResults: MessageSource[];
  llmRequest: LlmRequestView;
  timings: MessageTimings;
  processingTimeMs: number;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  templateId: string | null;
}

/** A turn as it is sent: the user's message, and the ids of it and of the answer to come. */
export interface SentTurn {
  conversationId: string;
  userMessageId: string;
  assistantMessageId: string;
  content: string;
  /** The client's idempotency key, if it sent one. */
  clientMessageId: string | null;
  at: Date;
}

/** A message as the rating rules need it, read under a lock. */
export interface RateableMessage {
  rating: number | null;
  feedback: string | null;
  templateId: string | null;
  role: string;
  status: string;
}

/** Cursor pages of a conversation's messages, by (createdAt, id). */
export interface MessagePageQuery {
  order: 'asc' | 'desc';
  /** Only messages after this one in `order`. */
  after?: { createdAt: Date; id: string } | null;
  limit: number;
}

/**
 * The one writer of messages: a turn's question and answer from the moment it is sent to the stored
 * answer, ratings, and a conversation's clearing. Counters on conversations and assistants stay
 * with their callers, in the same transaction. Calls inside `Stores.transaction` commit together.
 */
export interface MessageStore {
  find(id: string): Promise<MessageRecord | null>;
  /** Throws (the database's not-found error) when the message is gone. */
  get(id: string): Promise<MessageRecord>;
  /** The user message a client sent with this idempotency key. */
  findByClientKey(conversationId: string, clientMessageId: string): Promise<MessageRecord | null>;
  page(conversationId: string, query: MessagePageQuery): Promise<MessageRecord[]>;
  /** Finished user and assistant messages before `before`, newest first: the prompt's history. */
  recentHistory(conversationId: string, before: Date, limit: number): Promise<Pick<MessageRecord, 'role' | 'content'>[]>;
  /** Every finished message, oldest first (the summary reads them). */
  listFinished(conversationId: string): Promise<MessageRecord[]>;
  countFinished(conversationId: string): Promise<number>;
  /** The template a stored answer was written with; throws when the message is gone. */
  answerTemplate(id: string): Promise<string | null>;

  /**
   * A turn's two rows: the user's message (done, at `at`) and the assistant's answer to it, empty
   * and pending a millisecond later, so partial text and failures have a place to go.
   * Answers the user's message.
   */
  appendTurn(turn: SentTurn): Promise<MessageRecord>;
  /** Finished messages a client brings from elsewhere, one millisecond apart from `from` on. */
  appendHistory(conversationId: string, messages: { role: MessageRole; content: string }[], from: Date): Promise<void>;
  /** An answer to be written again (its turn retried): empty and pending. */
  resetAnswer(id: string): Promise<void>;
  /** An answer (re)starts streaming from nothing. */
  startAnswer(id: string): Promise<void>;
  /** The text streamed so far, for clients that poll. */
  savePartialAnswer(id: string, content: string): Promise<void>;
  storeAnswer(id: string, answer: StoredAnswer): Promise<void>;
  /** The answer failed or was cancelled, with the reason. */
  endAnswer(id: string, status: 'failed' | 'cancelled', error: string | null): Promise<void>;
  /** Locks the message until the transaction ends (call it in one); null when it is gone. */
  lockForRating(id: string): Promise<RateableMessage | null>;
  rate(id: string, rating: { rating: number | null; feedback: string | null }): Promise<void>;
  /** Removes every message of a conversation; answers how many. */
  removeAll(conversationId: string): Promise<number>;
}
