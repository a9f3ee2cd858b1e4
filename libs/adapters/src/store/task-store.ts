import type { Prisma } from '@assistants/db';
import type { TaskKind, TaskStatus } from '@assistants/common';
import {
  type ChatStage,
  type ChatTurnTask,
  type DocumentTask,
  isTaskEnded,
  type JsonObject,
  TASK_END_STATES,
  type TaskEnd,
  type TaskOrigin,
  type TaskRecord,
  type TaskStore,
} from '@assistants/domain';
import type { SqlQuery } from './document-store';

/** A queued-again task: a new attempt from nothing. */
const AGAIN = { status: 'queued', progress: 0, error: null, finishedAt: null, attempt: { increment: 1 } } as const;

/** Tasks in PostgreSQL, through Prisma (or, for a batch's progress, the database's own connection). */
export class PostgresTaskStore implements TaskStore {
  constructor(
    private readonly db: Prisma.TransactionClient,
    private readonly sql: SqlQuery,
  ) {}

  find(id: string): Promise<TaskRecord | null> {
    return this.db.task.findUnique({ where: { id } });
  }

  get(id: string): Promise<TaskRecord> {
    return this.db.task.findUniqueOrThrow({ where: { id } });
  }

  listUnfinished(runner: string): Promise<TaskRecord[]> {
    return this.db.task.findMany({ where: { runner, status: { notIn: [...TASK_END_STATES] } } });
  }

  startChatTurn({ id, userId, assistantId, runner, conversationId, userMessageId, assistantMessageId, input }: ChatTurnTask): Promise<TaskRecord> {
    return this.db.task.create({ data: { id, kind: 'chat', userId, assistantId, conversationId, userMessageId, assistantMessageId, input, runner } });
  }

  startIngest({ id, userId, assistantId, runner, documentId }: DocumentTask): Promise<TaskRecord> {
    return this.db.task.create({ data: { id, kind: 'ingest', userId, assistantId, documentId, runner } });
  }

  queueReindex({ id, userId, assistantId, runner, documentId, input }: DocumentTask & { input: JsonObject }): Promise<TaskRecord> {
    return this.db.task.upsert({
      where: { id },
      create: { id, kind: 'ingest', userId, assistantId, documentId, runner, input },
      update: { ...AGAIN, input },
    });
  }

  queueCleanup({ id, userId, assistantId, runner, documentId }: DocumentTask): Promise<TaskRecord> {
    return this.db.task.upsert({
      where: { id },
      create: { id, kind: 'cleanup', userId, assistantId, documentId, runner },
      update: AGAIN,
    });
  }

  queueAssistantReindex({ id, userId, assistantId, runner, itemsTotal }: TaskOrigin & { itemsTotal: number }): Promise<TaskRecord> {
    const reset = { status: 'queued' as const, progress: 0, error: null, finishedAt: null, itemsDone: 0, itemsTotal };
    return this.db.task.upsert({
      where: { id },
      create: { id, kind: 'reindex', userId, assistantId, runner, ...reset },
      update: { ...reset, userId, attempt: { increment: 1 } },
    });
  }

  requeue(id: string): Promise<TaskRecord> {
    return this.db.task.update({ where: { id }, data: AGAIN });
  }

  async enterStage(id: string, stage: ChatStage, progress: number): Promise<void> {
    await this.db.task.update({ where: { id }, data: { status: stage, progress } });
  }

  report(id: string, status: TaskStatus, progress: number, error: string | null): Promise<TaskRecord> {
    return this.db.task.update({ where: { id }, data: { status, progress, error, ...(isTaskEnded(status) && { finishedAt: new Date() }) } });
  }

  async advance(id: string, status: TaskStatus, progress: number): Promise<{ kind: TaskKind; assistantId: string } | null> {
    // One statement, not a transaction: batches report often, and a transaction's extra round trips
    // hold the embedded database's request thread.
    const [task] = await this.sql.query<{ kind: TaskKind; assistant_id: string }>(
      `UPDATE tasks SET status = $2::"TaskStatus", progress = $3, error = NULL, updated_at = now()
       WHERE id = $1 AND progress < $3 AND status NOT IN (${TASK_END_STATES.map((state) => `'${state}'`).join(', ')})
       RETURNING kind::text AS kind, assistant_id`,
      [id, status, progress],
    );
    return task ? { kind: task.kind, assistantId: task.assistant_id } : null;
  }

  reportItems(
    id: string,
    { status, progress, error, done, total }: { status: TaskStatus; progress: number; error: string | null; done: number; total: number },
  ): Promise<TaskRecord> {
    return this.db.task.update({
      where: { id },
      data: { status, progress, error, itemsDone: done, itemsTotal: total, ...(isTaskEnded(status) && { finishedAt: new Date() }) },
    });
  }

  async completeTurn(id: string): Promise<boolean> {
    const claimed = await this.db.task.updateMany({
      where: { id, statsCounted: false },
      data: { statsCounted: true, status: 'done', progress: 100, error: null, finishedAt: new Date() },
    });
    if (claimed.count > 0) return true;
    await this.db.task.update({ where: { id }, data: { status: 'done', progress: 100, error: null } });
    return false;
  }

  end(id: string, status: TaskEnd, error: string | null): Promise<TaskRecord> {
    return this.db.task.update({ where: { id }, data: { status, error, finishedAt: new Date() } });
  }
}
