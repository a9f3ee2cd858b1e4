// The live-update contract: what the worker publishes (PlatformEvent), what a WebSocket client
// sends (ClientMessage) and receives (ServerMessage). Browser-safe: no Node imports, so the
// API, the worker and apps/web all compile against this one file.

import type { TaskKind } from './views/task';
import type { MessageView } from './views/message';
import type { ToolCallView } from './views/tool';

export type TypingStage = 'retrieving' | 'generating' | 'calling_tool';

/** A task changed stage; conversationId for chat turns, assistantId/documentId for ingest and clean-up. */
export interface TaskStatusEvent {
  type: 'task.status';
  taskId: string;
  kind: TaskKind;
  status: string;
  progress: number;
  error?: string | null;
  conversationId?: string;
  assistantId?: string;
  documentId?: string;
  /** A task over many documents (an assistant's re-index): how many are done, of how many. */
  items?: { done: number; total: number };
}

/** The assistant is (or stopped) working on an answer. */
export interface TypingEvent {
  type: 'typing';
  taskId: string;
  conversationId: string;
  messageId: string;
  state: 'start' | 'stop';
  stage?: TypingStage;
  /** With stage calling_tool: which tool runs ("server/name"). */
  tool?: string;
}

/**
 * A tool call of an answer changed state (asked for, approved, running, done, failed, rejected).
 * Producers send the call with its arguments and result cut short (see compactToolCall), as NOTIFY
 * caps an event's size; the gateway sends clients the whole stored call.
 */
export interface ToolCallEvent {
  type: 'tool.call';
  taskId: string;
  conversationId: string;
  messageId: string;
  call: ToolCallView;
}

/**
 * A piece of an answer. `seq` is the length of the answer text (UTF-16 code units) once this
 * piece is appended: strictly increasing within one generation of the answer, and the partial
 * text saved for pollers carries the same number (its length), so a snapshot and the stream agree.
 */
export interface MessageDeltaEvent {
  type: 'message.delta';
  taskId: string;
  conversationId: string;
  messageId: string;
  seq: number;
  text: string;
  /** When the producer published it (ms since the epoch, fractional): for lag measurement. */
  emittedAt: number;
}

/**
 * The whole text of an answer so far, as of `seq`: replaces what a client holds for the message.
 * Sent on subscribe while an answer is being written, and by the producer with empty text when
 * an answer (re)starts, e.g. after a retry.
 */
export interface MessageSnapshotEvent {
  type: 'message.snapshot';
  taskId: string;
  conversationId: string;
  messageId: string;
  seq: number;
  text: string;
}

/** Published by the producer without the stored message; the gateway adds it from the database. */
export interface MessageDoneEvent {
  type: 'message.done';
  taskId: string;
  conversationId: string;
  messageId: string;
}

export interface MessageFailedEvent {
  type: 'message.failed';
  taskId: string;
  conversationId: string;
  messageId: string;
  status: 'failed' | 'cancelled';
  reason: string;
  /** A failure's stable code and params (a 'chat.*' problem code), for the web app to translate; absent for a cancel. */
  errorCode?: string | null;
  errorParams?: Record<string, string | number> | null;
}

export type DocumentStage = 'parsing' | 'chunking' | 'embedding' | 'indexing' | 'cleaning' | 'done' | 'failed' | 'cancelled';

export interface DocumentProgressEvent {
  type: 'document.progress';
  taskId: string;
  assistantId: string;
  documentId: string;
  /** The document's status: processing, ready or failed. */
  status: string;
  stage: DocumentStage;
  percent: number;
  error?: string | null;
  /** The error's stable code and params (a 'document.*' problem code), for the web app to translate. */
  errorCode?: string | null;
  errorParams?: Record<string, string | number> | null;
}

/**
 * Something changed who may see what: every API instance checks its open sockets again, closing
 * (4401) those whose credentials no longer hold and dropping subscriptions no longer allowed.
 * An account disabled, its role changed, its sessions ended or a key revoked name the user; a
 * conversation or assistant deleted (or made private) names that. Between API instances only
 * (over the workers' channel, which they all hear); never sent to a client.
 */
export interface AccessChangedEvent {
  type: 'access.changed';
  userId?: string;
  conversationId?: string;
  assistantId?: string;
}

/** What the platform tells live clients (the worker and the embedded runner publish these), and what API instances tell each other. */
export type PlatformEvent =
  | TaskStatusEvent
  | TypingEvent
  | MessageDeltaEvent
  | MessageSnapshotEvent
  | MessageDoneEvent
  | MessageFailedEvent
  | ToolCallEvent
  | DocumentProgressEvent
  | AccessChangedEvent;

// ---- WebSocket protocol (/api/ws) ----

/** Exactly one of the ids: a conversation, a document, or an assistant (the ingest progress of its documents). */
export type SubscriptionTarget = { conversationId: string } | { documentId: string } | { assistantId: string };

export type ClientMessage = ({ type: 'subscribe' } & SubscriptionTarget) | ({ type: 'unsubscribe' } & SubscriptionTarget) | { type: 'ping'; id?: string };

export type LiveErrorCode = 'bad_message' | 'not_found' | 'forbidden' | 'too_many_subscriptions' | 'rate_limited' | 'live_unavailable';

export interface LiveErrorMessage {
  type: 'error';
  code: LiveErrorCode;
  message: string;
  /** The subscription the error is about, if any. */
  target?: SubscriptionTarget;
}

export type ServerMessage =
  | ({ type: 'subscribed' } & SubscriptionTarget)
  | ({ type: 'unsubscribed' } & SubscriptionTarget)
  | LiveErrorMessage
  | TypingEvent
  | MessageDeltaEvent
  | MessageSnapshotEvent
  /** `message` is the stored message view (sources, timings, usage), as GET …/messages returns it. */
  | (MessageDoneEvent & { message: MessageView })
  | MessageFailedEvent
  /** `call` is the stored call's whole view, read by the gateway. */
  | ToolCallEvent
  | TaskStatusEvent
  | DocumentProgressEvent
  | { type: 'pong'; id?: string };

/** Close codes of /api/ws besides the standard ones. */
export const LIVE_CLOSE_CODES = {
  /** The token was missing, bad or expired, or the key was revoked; or, on an open socket, the account was disabled, its sessions ended, or the key revoked or expired since. */
  unauthorized: 4401,
  /** The client read too slowly; its unsent events passed the server's bound. */
  tooSlow: 4008,
  /** Too many messages or connections (rate limit). */
  rateLimited: 4429,
} as const;

/** An answer as a client holds it: the text and the seq it is complete up to. */
export interface StreamedText {
  text: string;
  seq: number;
}

/**
 * Applies a snapshot or delta to what a client holds for a message. Returns the new state, the
 * same state for a duplicate, or 'gap' when a delta does not continue the text (fetch the message).
 */
export function applyStreamEvent(held: StreamedText | undefined, event: MessageSnapshotEvent | MessageDeltaEvent): StreamedText | 'gap' {
  if (event.type === 'message.snapshot') return { text: event.text, seq: event.seq };
  const from = held ?? { text: '', seq: 0 };
  if (event.seq <= from.seq) return from;
  if (event.seq - event.text.length !== from.seq) return 'gap';
  return { text: from.text + event.text, seq: event.seq };
}

/** Longest arguments and result a producer puts in a tool.call event. */
const EVENT_TEXT_CHARS = 1000;

/** A call's view small enough for any event channel: long arguments and results cut. */
export function compactToolCall(call: ToolCallView): ToolCallView {
  const cut = (text: string | null) => (text && text.length > EVENT_TEXT_CHARS ? `${text.slice(0, EVENT_TEXT_CHARS)}…` : text);
  return { ...call, arguments: cut(call.arguments) ?? '', result: cut(call.result), error: cut(call.error) };
}
