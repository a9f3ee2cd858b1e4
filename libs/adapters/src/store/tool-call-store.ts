import type { SqlRunner, SqlStatements } from '@assistants/db';
import type { ToolCallStatus, ToolCallView } from '@assistants/common';

/** A row of `tool_calls`. */
export interface ToolCallRecord {
  id: string;
  messageId: string;
  taskId: string;
  assistantId: string;
  round: number;
  position: number;
  modelCallId: string;
  roundText: string | null;
  serverId: string | null;
  server: string;
  name: string;
  builtin: string | null;
  arguments: string;
  needsApproval: boolean;
  retryable: boolean;
  status: ToolCallStatus;
  result: string | null;
  error: string | null;
  durationMs: number | null;
  approvedBy: string | null;
  approvedAt: Date | null;
  approvalDeadline: Date | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  createdAt: Date;
}

/** A call the model asked for, as the turn records it. */
export type NewToolCall = Pick<
  ToolCallRecord,
  'modelCallId' | 'serverId' | 'server' | 'name' | 'builtin' | 'arguments' | 'needsApproval' | 'retryable' | 'status' | 'error' | 'approvalDeadline'
>;

const COLUMNS = `id, message_id AS "messageId", task_id AS "taskId", assistant_id AS "assistantId", round, position,
  model_call_id AS "modelCallId", round_text AS "roundText", server_id AS "serverId", server, name, builtin, arguments,
  needs_approval AS "needsApproval", retryable, status::text AS status, result, error, duration_ms AS "durationMs",
  approved_by AS "approvedBy", approved_at AS "approvedAt", approval_deadline AS "approvalDeadline",
  started_at AS "startedAt", finished_at AS "finishedAt", created_at AS "createdAt"`;

const iso = (date: Date | null) => date?.toISOString() ?? null;

export function toToolCallView(row: ToolCallRecord): ToolCallView {
  return {
    id: row.id,
    messageId: row.messageId,
    server: row.server,
    name: row.name,
    arguments: row.arguments,
    status: row.status,
    result: row.result,
    error: row.error,
    durationMs: row.durationMs,
    needsApproval: row.needsApproval,
    approvedBy: row.approvedBy,
    approvedAt: iso(row.approvedAt),
    approvalDeadline: row.status === 'awaiting_approval' ? iso(row.approvalDeadline) : null,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * The durable record of every tool call. Each change runs in a transaction that first locks the
 * call's message, then rewrites the message's `tool_calls` (the views readers get with the message)
 * from the rows: two calls of one answer changing at once cannot lose each other's state.
 */
export class ToolCallStore {
  constructor(private readonly sql: SqlRunner) {}

  async find(id: string): Promise<ToolCallRecord | null> {
    const [row] = await this.sql.query<ToolCallRecord>(`SELECT ${COLUMNS} FROM tool_calls WHERE id = $1`, [id]);
    return row ?? null;
  }

  /** Every call of an answer before round `beforeRound`, in the order the model asked for them. */
  async earlier(messageId: string, beforeRound: number): Promise<ToolCallRecord[]> {
    return this.sql.query<ToolCallRecord>(`SELECT ${COLUMNS} FROM tool_calls WHERE message_id = $1 AND round < $2 ORDER BY round, position`, [
      messageId,
      beforeRound,
    ]);
  }

  /** The calls recorded for one round of an answer (none when that reply is not recorded yet). */
  async round(messageId: string, round: number): Promise<ToolCallRecord[]> {
    return this.sql.query<ToolCallRecord>(`SELECT ${COLUMNS} FROM tool_calls WHERE message_id = $1 AND round = $2 ORDER BY position`, [messageId, round]);
  }

  /**
   * Records one reply's calls; a round recorded before (the step ran again) keeps what it had, and
   * what is stored is returned either way, so the turn goes on with the calls of the first attempt.
   */
  async recordRound(
    turn: { messageId: string; taskId: string; assistantId: string },
    round: number,
    roundText: string,
    calls: NewToolCall[],
  ): Promise<ToolCallRecord[]> {
    return this.changing(turn.messageId, async (tx) => {
      const [{ recorded }] = await tx.query<{ recorded: number }>(`SELECT count(*)::int AS recorded FROM tool_calls WHERE message_id = $1 AND round = $2`, [
        turn.messageId,
        round,
      ]);
      if (!recorded) {
        for (const [position, call] of calls.entries()) {
          await tx.query(
            `INSERT INTO tool_calls (id, message_id, task_id, assistant_id, round, position, model_call_id, round_text, server_id, server, name,
               builtin, arguments, needs_approval, retryable, status, error, approval_deadline, finished_at)
             VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15::"ToolCallStatus", $16, $17, $18)`,
            [
              turn.messageId,
              turn.taskId,
              turn.assistantId,
              round,
              position,
              call.modelCallId,
              position === 0 ? roundText : null,
              call.serverId,
              call.server,
              call.name,
              call.builtin,
              call.arguments,
              call.needsApproval,
              call.retryable,
              call.status,
              call.error,
              call.approvalDeadline,
              call.status === 'failed' || call.status === 'rejected' ? new Date() : null,
            ],
          );
        }
      }
      return tx.query<ToolCallRecord>(`SELECT ${COLUMNS} FROM tool_calls WHERE message_id = $1 AND round = $2 ORDER BY position`, [turn.messageId, round]);
    });
  }

  /** Marks a running call as started; null when it was started before (an earlier attempt) or is not running. */
  async claim(call: ToolCallRecord): Promise<ToolCallRecord | null> {
    return this.changeOne(call, `started_at = now()`, `status = 'running' AND started_at IS NULL`);
  }

  /** The outcome of a running call; null when it is not running any more. */
  finish(call: ToolCallRecord, outcome: { status: 'done' | 'failed'; result?: string | null; error?: string | null; durationMs?: number | null }) {
    return this.changeOne(call, `status = $2::"ToolCallStatus", result = $3, error = $4, duration_ms = $5, finished_at = now()`, `status = 'running'`, [
      outcome.status,
      outcome.result ?? null,
      outcome.error ?? null,
      outcome.durationMs ?? null,
    ]);
  }

  /** A person's decision on a call awaiting approval; null when it no longer awaits one (decided, expired, cancelled). */
  decide(call: ToolCallRecord, decision: { approve: boolean; by: string; reason?: string | null }) {
    return decision.approve
      ? this.changeOne(call, `status = 'running', approved_by = $2, approved_at = now()`, `status = 'awaiting_approval' AND approval_deadline > now()`, [
          decision.by,
        ])
      : this.changeOne(call, `status = 'rejected', approved_by = $2, approved_at = now(), error = $3, finished_at = now()`, `status = 'awaiting_approval'`, [
          decision.by,
          decision.reason ? `Rejected: ${decision.reason}` : 'Rejected by the user.',
        ]);
  }

  /** A call whose approval did not come in time counts as rejected; null when it does not await approval or has time left. */
  expire(call: ToolCallRecord) {
    return this.changeOne(
      call,
      `status = 'rejected', error = 'Nobody approved the call in time.', finished_at = now()`,
      `status = 'awaiting_approval' AND approval_deadline <= now()`,
    );
  }

  /** Ends an answer's calls that never ran (the turn failed or was cancelled); returns them. */
  async endOpen(messageId: string, reason: string): Promise<ToolCallRecord[]> {
    return this.changing(messageId, (tx) =>
      tx.query<ToolCallRecord>(
        `UPDATE tool_calls SET status = (CASE WHEN status = 'awaiting_approval' THEN 'rejected' ELSE 'failed' END)::"ToolCallStatus",
           error = $2, finished_at = now()
         WHERE message_id = $1 AND (status = 'awaiting_approval' OR (status = 'running' AND started_at IS NULL))
         RETURNING ${COLUMNS}`,
        [messageId, reason],
      ),
    );
  }

  private async changeOne(call: ToolCallRecord, set: string, where: string, params: unknown[] = []): Promise<ToolCallRecord | null> {
    return this.changing(call.messageId, async (tx) => {
      const [row] = await tx.query<ToolCallRecord>(`UPDATE tool_calls SET ${set} WHERE id = $1 AND ${where} RETURNING ${COLUMNS}`, [call.id, ...params]);
      return row ?? null;
    });
  }

  private changing<T>(messageId: string, change: (tx: SqlStatements) => Promise<T>): Promise<T> {
    return this.sql.transaction(async (tx) => {
      await tx.query(`SELECT 1 FROM messages WHERE id = $1 FOR UPDATE`, [messageId]);
      const result = await change(tx);
      const rows = await tx.query<ToolCallRecord>(`SELECT ${COLUMNS} FROM tool_calls WHERE message_id = $1 ORDER BY round, position`, [messageId]);
      await tx.query(`UPDATE messages SET tool_calls = $2::jsonb WHERE id = $1`, [messageId, JSON.stringify(rows.map(toToolCallView))]);
      return result;
    });
  }
}
