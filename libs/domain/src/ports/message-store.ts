import type { LlmRequestView, MessageRole, MessageSource, MessageStatus, MessageTimings } from '@assistants/common';
import type { JsonValue } from './json';

/** Why an answer failed, as a stable 'chat.*' problem code and its params, stored beside the English reason. */
export interface MessageErrorCode {
  code: string;
  params?: Record<string, string | number>;
}

/** A row of `messages`. */
export interface MessageRecord {
  id: string;
  conversationId: string;
  role: MessageRole;
  content: string;
  status: MessageStatus;
  error: string | null;
  /** The error's code and params (see MessageErrorCode); null beside an error recorded before codes, and on a cancelled answer. */
  errorCode: string | null;
  errorParams: JsonValue | null;
  clientMessageId: string | null;
  replyToId: string | null;
  /** The message this one follows (see prisma/schema.prisma): its siblings of the same role are its versions. */
  parentId: string | null;
  /** On the conversation's chosen branch. */
  active: boolean;
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
  /** An edited question: the parent of the question it replaces (null: the first). Absent: after the branch's last message. */
  parentId?: string | null;
}

/** A regenerated answer: a new version, pending, of the answer to `questionId`. */
export interface RegeneratedAnswer {
  conversationId: string;
  questionId: string;
  assistantMessageId: string;
  at: Date;
}

/** A message's versions: the ids of it and its siblings of the same role, oldest first. */
export interface MessageVersions {
  parentId: string | null;
  role: MessageRole;
  ids: string[];
}

/** A message as the rating rules need it, read under a lock. */
export interface RateableMessage {
  rating: number | null;
  feedback: string | null;
  templateId: string | null;
  role: string;
  status: string;
}

/** Cursor pages of a conversation's chosen branch, by (createdAt, id). */
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
  /** The chosen branch (active messages), one indexed query. */
  page(conversationId: string, query: MessagePageQuery): Promise<MessageRecord[]>;
  /** The versions of messages with these parents (null: the conversation's first messages), one query. */
  versions(conversationId: string, parentIds: (string | null)[]): Promise<MessageVersions[]>;
  /** How many messages of the chosen branch come before this one (its position on the branch). */
  positionOnBranch(conversationId: string, before: { createdAt: Date; id: string }): Promise<number>;
  /** Finished user and assistant messages of the chosen branch before `before`, newest first: the prompt's history. */
  recentHistory(conversationId: string, before: Date, limit: number): Promise<Pick<MessageRecord, 'role' | 'content'>[]>;
  /** Every finished message of the chosen branch, oldest first (the summary reads them). */
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
  /** A new pending answer to a question already answered; the caller leaves the old branch first. */
  appendAnswer(answer: RegeneratedAnswer): Promise<MessageRecord>;
  /**
   * Takes everything after `after` off the chosen branch (null: everything), so that a new version
   * can follow `after`; answers how many messages left it.
   */
  leaveBranch(conversationId: string, after: { createdAt: Date; id: string } | null): Promise<number>;
  /** Puts this message and its newest descendants (the newest child at each step) on the chosen branch. */
  joinBranch(id: string): Promise<void>;
  /** Finished messages a client brings from elsewhere, one millisecond apart from `from` on, after the branch's last message. */
  appendHistory(conversationId: string, messages: { role: MessageRole; content: string }[], from: Date): Promise<void>;
  /** An answer to be written again (its turn retried): empty and pending. */
  resetAnswer(id: string): Promise<void>;
  /** An answer (re)starts streaming from nothing. */
  startAnswer(id: string): Promise<void>;
  /** The text streamed so far, for clients that poll. */
  savePartialAnswer(id: string, content: string): Promise<void>;
  storeAnswer(id: string, answer: StoredAnswer): Promise<void>;
  /** The answer failed or was cancelled, with the reason (and a failure's code; none for a cancel). */
  endAnswer(id: string, status: 'failed' | 'cancelled', error: string | null, problem?: MessageErrorCode | null): Promise<void>;
  /** Locks the message until the transaction ends (call it in one); null when it is gone. */
  lockForRating(id: string): Promise<RateableMessage | null>;
  rate(id: string, rating: { rating: number | null; feedback: string | null }): Promise<void>;
  /** Removes every message of a conversation; answers how many. */
  removeAll(conversationId: string): Promise<number>;
}
