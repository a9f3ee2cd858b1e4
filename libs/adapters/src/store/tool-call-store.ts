import type { SqlRunner } from '@assistants/db';
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
  /** search_knowledge: the passages found, as the answer's sources (MessageSource[]). */
  sources: unknown;
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
  model_call_id AS "modelCallId", round_text AS "roundText", server_id AS "serverId", server, name, builtin, arguments, sources,
  needs_approval AS "needsApproval", retryable, status::text AS status, result, error, duration_ms AS "durationMs",
  approved_by AS "approvedBy", approved_at AS "approvedAt", approval_deadline AS "approvalDeadline",
  started_at AS "startedAt", finished_at AS "finishedAt", created_at AS "createdAt"`;

const iso = (date: Date | null) => date?.toISOString() ?? null;

/** A timestamp as Date.prototype.toISOString writes it (the columns keep milliseconds). */
const isoSql = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** ToolCallView of the tool_calls row `t`, built by the database (the same fields as toToolCallView). */
const viewOf = (t: string) => `jsonb_build_object('id', ${t}.id, 'messageId', ${t}.message_id, 'server', ${t}.server, 'name', ${t}.name,
  'arguments', ${t}.arguments, 'status', ${t}.status::text, 'result', ${t}.result, 'error', ${t}.error, 'durationMs', ${t}.duration_ms,
  'needsApproval', ${t}.needs_approval, 'approvedBy', ${t}.approved_by, 'approvedAt', ${isoSql(`${t}.approved_at`)},
  'approvalDeadline', CASE WHEN ${t}.status = 'awaiting_approval' THEN ${isoSql(`${t}.approval_deadline`)} END, 'createdAt', ${isoSql(`${t}.created_at`)})`;

/** COLUMNS of the rows a data-modifying CTE named `c` returned. */
const COLUMNS_OF_C = COLUMNS.replace(/(^|,\s*)([a-z_]+)/g, '$1c.$2');

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

  /** Every call of an answer up to round `round`, in the order the model asked for them: what a reply of that round needs. */
  async upTo(messageId: string, round: number): Promise<ToolCallRecord[]> {
    return this.sql.query<ToolCallRecord>(`SELECT ${COLUMNS} FROM tool_calls WHERE message_id = $1 AND round <= $2 ORDER BY round, position`, [
      messageId,
      round,
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
    const rows = calls.map((call, position) => ({
      position,
      model_call_id: call.modelCallId,
      round_text: position === 0 ? roundText : null,
      server_id: call.serverId,
      server: call.server,
      name: call.name,
      builtin: call.builtin,
      arguments: call.arguments,
      needs_approval: call.needsApproval,
      retryable: call.retryable,
      status: call.status,
      error: call.error,
      approval_deadline: call.approvalDeadline?.toISOString() ?? null,
      finished_at: call.status === 'failed' || call.status === 'rejected' ? new Date().toISOString() : null,
    }));
    const inserted = await this.changing(
      // Nothing is written when the round is recorded already (the step ran again).
      `INSERT INTO tool_calls (id, message_id, task_id, assistant_id, round, position, model_call_id, round_text, server_id, server, name,
         builtin, arguments, needs_approval, retryable, status, error, approval_deadline, finished_at)
       SELECT gen_random_uuid(), $1, $2, $3, $4, r.position, r.model_call_id, r.round_text, r.server_id, r.server, r.name, r.builtin, r.arguments,
         r.needs_approval, r.retryable, r.status::"ToolCallStatus", r.error, r.approval_deadline, r.finished_at
       FROM jsonb_to_recordset($5::jsonb) AS r(position int, model_call_id text, round_text text, server_id uuid, server text, name text, builtin text,
         arguments text, needs_approval boolean, retryable boolean, status text, error text, approval_deadline timestamptz, finished_at timestamptz)
       WHERE NOT EXISTS (SELECT 1 FROM tool_calls WHERE message_id = $1 AND round = $4)
       RETURNING *`,
      [turn.messageId, turn.taskId, turn.assistantId, round, JSON.stringify(rows)],
    );
    return inserted.length ? inserted : this.round(turn.messageId, round);
  }

  /**
   * Marks a running call as started (not part of its view, so one statement); null when it was started
   * before (an earlier attempt) or is not running. `alongside`, a SQL expression over the claimed row
   * `c` (such as its server), is read in the same statement, as `alongside`.
   */
  async claim<T = unknown>(id: string, alongside?: (c: string) => string): Promise<(ToolCallRecord & { alongside?: T }) | null> {
    const [row] = await this.sql.query<ToolCallRecord & { alongside?: T }>(
      `WITH c AS (UPDATE tool_calls SET started_at = now() WHERE id = $1 AND status = 'running' AND started_at IS NULL RETURNING *)
       SELECT ${COLUMNS_OF_C}${alongside ? `, ${alongside('c')} AS alongside` : ''} FROM c`,
      [id],
    );
    return row ?? null;
  }

  /** The outcome of a running call; null when it is not running any more. */
  finish(
    call: ToolCallRecord,
    outcome: { status: 'done' | 'failed'; result?: string | null; error?: string | null; durationMs?: number | null; sources?: unknown[] },
  ) {
    return this.changeOne(
      call,
      `status = $3::"ToolCallStatus", result = $4, error = $5, duration_ms = $6, sources = $7::jsonb, finished_at = now()`,
      `status = 'running'`,
      [outcome.status, outcome.result ?? null, outcome.error ?? null, outcome.durationMs ?? null, outcome.sources ? JSON.stringify(outcome.sources) : null],
    );
  }

  /** The passages an answer's search_knowledge calls found, as its sources, in citation order. */
  async sources(messageId: string): Promise<unknown[]> {
    const rows = await this.sql.query<{ sources: unknown[] }>(
      `SELECT sources FROM tool_calls WHERE message_id = $1 AND sources IS NOT NULL ORDER BY round, position`,
      [messageId],
    );
    return rows.flatMap((row) => row.sources);
  }

  /** A person's decision on a call awaiting approval; null when it no longer awaits one (decided, expired, cancelled). */
  decide(call: ToolCallRecord, decision: { approve: boolean; by: string; reason?: string | null }) {
    return decision.approve
      ? this.changeOne(call, `status = 'running', approved_by = $3, approved_at = now()`, `status = 'awaiting_approval' AND approval_deadline > now()`, [
          decision.by,
        ])
      : this.changeOne(call, `status = 'rejected', approved_by = $3, approved_at = now(), error = $4, finished_at = now()`, `status = 'awaiting_approval'`, [
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
  endOpen(messageId: string, reason: string): Promise<ToolCallRecord[]> {
    return this.changing(
      `UPDATE tool_calls SET status = (CASE WHEN status = 'awaiting_approval' THEN 'rejected' ELSE 'failed' END)::"ToolCallStatus",
         error = $2, finished_at = now()
       WHERE message_id = $1 AND (status = 'awaiting_approval' OR (status = 'running' AND started_at IS NULL))
       RETURNING *`,
      [messageId, reason],
    );
  }

  /** $1 is the message's id and $2 the call's; `set` and `where` may use $3 on. */
  private async changeOne(call: ToolCallRecord, set: string, where: string, params: unknown[] = []): Promise<ToolCallRecord | null> {
    const [row] = await this.changing(`UPDATE tool_calls SET ${set} WHERE id = $2 AND message_id = $1 AND ${where} RETURNING *`, [
      call.messageId,
      call.id,
      ...params,
    ]);
    return row ?? null;
  }

  /**
   * One change of an answer's calls and of the views on its message, in one statement: `change`
   * (its $1 is the message's id, as in `params`) returns the rows it wrote, and the message's `tool_calls` gets
   * their views, in place for calls it holds, appended for new ones. The views are changed from the
   * message row's own value, which PostgreSQL evaluates again on the newest version of the row when
   * another change of the same answer commits first, so two changes at once cannot lose each other.
   */
  private changing(change: string, params: unknown[]): Promise<ToolCallRecord[]> {
    return this.sql.query<ToolCallRecord>(
      `WITH c AS (${change}),
       views AS (
         UPDATE messages m SET tool_calls = (
           SELECT coalesce(jsonb_agg(coalesce((SELECT ${viewOf('c')} FROM c WHERE c.id::text = x.e->>'id'), x.e) ORDER BY x.o), '[]'::jsonb)
             || coalesce((SELECT jsonb_agg(${viewOf('c')} ORDER BY c.round, c.position) FROM c
                          WHERE NOT coalesce(m.tool_calls, '[]'::jsonb) @> jsonb_build_array(jsonb_build_object('id', c.id))), '[]'::jsonb)
           FROM jsonb_array_elements(coalesce(m.tool_calls, '[]'::jsonb)) WITH ORDINALITY AS x(e, o))
         WHERE m.id = $1 AND EXISTS (SELECT 1 FROM c)
       )
       SELECT ${COLUMNS_OF_C} FROM c ORDER BY c.round, c.position`,
      params,
    );
  }
}
