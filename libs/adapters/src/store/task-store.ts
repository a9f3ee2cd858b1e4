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
import { updatedOne } from './sql-rows';

/** A queued-again task: a new attempt from nothing. */
const AGAIN = { status: 'queued', progress: 0, error: null, finishedAt: null, attempt: { increment: 1 } } as const;

/** A row of `tasks` as Prisma's model reads it (TaskRecord), for the statements in SQL. */
const TASK_COLUMNS = `id, kind::text AS kind, status::text AS status, progress, error, user_id AS "userId", assistant_id AS "assistantId",
  conversation_id AS "conversationId", user_message_id AS "userMessageId", assistant_message_id AS "assistantMessageId",
  document_id AS "documentId", items_done AS "itemsDone", items_total AS "itemsTotal", input, runner, attempt,
  stats_counted AS "statsCounted", created_at AS "createdAt", updated_at AS "updatedAt", finished_at AS "finishedAt"`;

/**
 * Tasks in PostgreSQL: through Prisma, and a chat turn's statements and a batch's progress in SQL
 * on `sql`, the same connection as `db` (inside a transaction, that transaction's).
 */
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

  async startChatTurn({ id, userId, assistantId, runner, conversationId, userMessageId, assistantMessageId, input }: ChatTurnTask): Promise<TaskRecord> {
    const now = new Date();
    const [task] = await this.sql.query<TaskRecord>(
      `INSERT INTO tasks (id, kind, status, progress, user_id, assistant_id, conversation_id, user_message_id, assistant_message_id, input, runner,
         attempt, stats_counted, created_at, updated_at)
       VALUES ($1, 'chat', 'queued', 0, $2, $3, $4, $5, $6, $7::jsonb, $8, 1, false, $9, $9)
       RETURNING ${TASK_COLUMNS}`,
      [id, userId, assistantId, conversationId, userMessageId, assistantMessageId, JSON.stringify(input), runner, now],
    );
    return task;
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

  async enterStage(id: string, stage: ChatStage, progress: number): Promise<boolean> {
    // A task that has ended stays ended: a step still running after its turn was cancelled (Temporal
    // does not wait for it) must not move the task back to a stage.
    const [task] = await this.sql.query<{ ended: boolean }>(
      `WITH entered AS (
         UPDATE tasks SET status = $2::"TaskStatus", progress = $3, updated_at = $4
         WHERE id = $1 AND status NOT IN (${TASK_END_STATES.map((state) => `'${state}'`).join(', ')})
         RETURNING id
       )
       SELECT NOT EXISTS (SELECT 1 FROM entered) AS ended FROM tasks WHERE id = $1`,
      [id, stage, progress, new Date()],
    );
    updatedOne(task, 'task', id);
    return !task.ended;
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
    const now = new Date();
    const [claimed] = await this.sql.query(
      `UPDATE tasks SET stats_counted = true, status = 'done', progress = 100, error = NULL, finished_at = $2, updated_at = $2
       WHERE id = $1 AND NOT stats_counted RETURNING id`,
      [id, now],
    );
    if (claimed) return true;
    const [task] = await this.sql.query(`UPDATE tasks SET status = 'done', progress = 100, error = NULL, updated_at = $2 WHERE id = $1 RETURNING id`, [
      id,
      now,
    ]);
    updatedOne(task, 'task', id);
    return false;
  }

  end(id: string, status: TaskEnd, error: string | null): Promise<TaskRecord> {
    return this.db.task.update({ where: { id }, data: { status, error, finishedAt: new Date() } });
  }
}
