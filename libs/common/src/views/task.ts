import type { DocumentView } from './document';
import type { IsoDateTime, ViewKeys } from './keys';
import type { MessageView } from './message';

export type TaskKind = 'chat' | 'ingest' | 'cleanup' | 'reindex';
/** Chat turns and document ingest each use their own stages between queued and the end states. */
export type TaskStatus =
  'queued' | 'retrieving' | 'generating' | 'parsing' | 'chunking' | 'embedding' | 'indexing' | 'cleaning' | 'done' | 'failed' | 'cancelled';

/** A durable task (a workflow run); its id is the Temporal workflow id. */
export interface TaskView {
  id: string;
  kind: TaskKind;
  status: TaskStatus;
  /** 0..100 */
  progress: number;
  error: string | null;
  /** `temporal` or `embedded`. */
  runner: string;
  attempt: number;
  conversationId: string | null;
  userMessageId: string | null;
  assistantMessageId: string | null;
  documentId: string | null;
  /** A task over many documents (an assistant's re-index): how many are done, of how many; null for others. */
  items: { done: number; total: number } | null;
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
  finishedAt: IsoDateTime | null;
  /** A chat task's answer (null if it is gone). */
  message?: MessageView | null;
  /** An ingest or clean-up task's document (null once deleted). */
  document?: DocumentView | null;
}

export const TASK_VIEW_KEYS: ViewKeys<TaskView> = {
  id: 'required',
  kind: 'required',
  status: 'required',
  progress: 'required',
  error: 'required',
  runner: 'required',
  attempt: 'required',
  conversationId: 'required',
  userMessageId: 'required',
  assistantMessageId: 'required',
  documentId: 'required',
  items: 'required',
  createdAt: 'required',
  updatedAt: 'required',
  finishedAt: 'required',
  message: 'optional',
  document: 'optional',
};

/** The answer to sending a message (202): the stored user message and the task that answers it. */
export interface AcceptedTurnView {
  taskId: string;
  status: TaskStatus;
  conversationId: string;
  userMessage: MessageView;
  assistantMessageId: string;
  /** False when an earlier request with the same idempotency key already made this turn. */
  created: boolean;
  links: { task: string; messages: string };
}

export const ACCEPTED_TURN_VIEW_KEYS: ViewKeys<AcceptedTurnView> = {
  taskId: 'required',
  status: 'required',
  conversationId: 'required',
  userMessage: 'required',
  assistantMessageId: 'required',
  created: 'required',
  links: 'required',
};
