import type { TaskKind, TaskStatus } from '@assistants/common';
import type { JsonObject, JsonValue } from './json';

/** A row of `tasks`: one durable workflow run as clients see it; its id is the workflow id. */
export interface TaskRecord {
  id: string;
  kind: TaskKind;
  status: TaskStatus;
  progress: number;
  error: string | null;
  userId: string;
  assistantId: string;
  conversationId: string | null;
  userMessageId: string | null;
  assistantMessageId: string | null;
  documentId: string | null;
  itemsDone: number | null;
  itemsTotal: number | null;
  input: JsonValue;
  runner: string;
  attempt: number;
  statsCounted: boolean;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

/** Who starts a task, for which assistant, on which runner (`embedded` or `temporal`). */
export interface TaskOrigin {
  id: string;
  userId: string;
  assistantId: string;
  runner: string;
}

/** A chat turn's task: the conversation, the user's message and the answer's row. */
export type ChatTurnTask = TaskOrigin & { conversationId: string; userMessageId: string; assistantMessageId: string; input: JsonObject };
/** A task over one document (its ingest or clean-up). */
export type DocumentTask = TaskOrigin & { documentId: string };

/** A task in one of these states will not change again (unless retried). */
export const TASK_END_STATES = ['done', 'failed', 'cancelled'] as const;
export const isTaskEnded = (status: string) => (TASK_END_STATES as readonly string[]).includes(status);

export type ChatStage = 'retrieving' | 'generating';
export type TaskEnd = 'failed' | 'cancelled';

/**
 * The one writer of tasks. Every change a run makes to its task goes through here: starting it,
 * its stages and progress, its end, and a new attempt. Calls inside `Stores.transaction` commit
 * with the other stores' writes.
 */
export interface TaskStore {
  find(id: string): Promise<TaskRecord | null>;
  /** Throws (the database's not-found error) when the task is gone. */
  get(id: string): Promise<TaskRecord>;
  /** The runner's tasks that have not ended (the embedded runner resumes them when the process starts). */
  listUnfinished(runner: string): Promise<TaskRecord[]>;

  /** The task of a chat turn, made with the turn's two messages. */
  startChatTurn(task: ChatTurnTask): Promise<TaskRecord>;
  /** The first ingest of a new document. */
  startIngest(task: DocumentTask): Promise<TaskRecord>;
  /** A document's ingest as a re-index (`input` says so): made, or queued again as a new attempt. */
  queueReindex(task: DocumentTask & { input: JsonObject }): Promise<TaskRecord>;
  /** A document's clean-up (its removal): made, or queued again as a new attempt. */
  queueCleanup(task: DocumentTask): Promise<TaskRecord>;
  /** An assistant's re-index over `itemsTotal` documents: made, or queued again (now by `userId`) as a new attempt. */
  queueAssistantReindex(task: TaskOrigin & { itemsTotal: number }): Promise<TaskRecord>;
  /** A failed or cancelled task queued again as a new attempt. */
  requeue(id: string): Promise<TaskRecord>;

  /** A chat turn's stage; its end comes from completeTurn or end. False: the task had ended, nothing changed. */
  enterStage(id: string, stage: ChatStage, progress: number): Promise<boolean>;
  /** An ingest's or clean-up's stage with its error; an end state also records when it ended. */
  report(id: string, status: TaskStatus, progress: number, error: string | null): Promise<TaskRecord>;
  /**
   * A batch's progress, in one conditional statement: only forward and only while the task has not
   * ended (batches in flight together end in any order, and a cancelled one may finish its write
   * after the task closed). Null when the task did not move.
   */
  advance(id: string, status: TaskStatus, progress: number): Promise<{ kind: TaskKind; assistantId: string } | null>;
  /** A task over many items: how many are done, of how many; an end state records when it ended. */
  reportItems(id: string, report: { status: TaskStatus; progress: number; error: string | null; done: number; total: number }): Promise<TaskRecord>;
  /**
   * A chat turn done, its answer stored. True only the first time: the flag it claims with it makes
   * a retried step count the turn's statistics once (call it in the transaction that counts them).
   */
  completeTurn(id: string): Promise<boolean>;
  /** Failed or cancelled now, with the reason. */
  end(id: string, status: TaskEnd, error: string | null): Promise<TaskRecord>;
}
