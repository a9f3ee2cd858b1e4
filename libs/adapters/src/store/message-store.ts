import { Prisma } from '@assistants/db';
import type {
  MessageErrorCode,
  MessagePageQuery,
  MessageRecord,
  MessageStore,
  MessageVersions,
  RateableMessage,
  RegeneratedAnswer,
  SentTurn,
  StoredAnswer,
} from '@assistants/domain';
import type { MessageRole } from '@assistants/common';
import { randomUUID } from 'node:crypto';
import type { SqlQuery } from './document-store';
import { updatedOne } from './sql-rows';

/** A row of `messages` as Prisma's model reads it (MessageRecord), for the statements in SQL. */
const MESSAGE_COLUMNS = `id, conversation_id AS "conversationId", role::text AS role, content, status::text AS status, error,
  error_code AS "errorCode", error_params AS "errorParams",
  client_message_id AS "clientMessageId", reply_to_id AS "replyToId", parent_id AS "parentId", active, template_id AS "templateId", search_results AS "searchResults",
  llm_request AS "llmRequest", tool_calls AS "toolCalls", timings, processing_time_ms AS "processingTimeMs", prompt_tokens AS "promptTokens",
  completion_tokens AS "completionTokens", total_tokens AS "totalTokens", rating, feedback, created_at AS "createdAt", updated_at AS "updatedAt"`;

/**
 * Messages in PostgreSQL: through Prisma, and the chat turn's own statements in SQL on `sql`,
 * the same connection as `db` (inside a transaction, that transaction's), so both commit together.
 */
export class PostgresMessageStore implements MessageStore {
  constructor(
    private readonly db: Prisma.TransactionClient,
    private readonly sql: SqlQuery,
  ) {}

  find(id: string): Promise<MessageRecord | null> {
    return this.db.message.findUnique({ where: { id } });
  }

  get(id: string): Promise<MessageRecord> {
    return this.db.message.findUniqueOrThrow({ where: { id } });
  }

  async findByClientKey(conversationId: string, clientMessageId: string): Promise<MessageRecord | null> {
    // Every message the web app sends carries a key, so this read is on the turn's path too.
    const [message] = await this.sql.query<MessageRecord>(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE conversation_id = $1 AND client_message_id = $2`, [
      conversationId,
      clientMessageId,
    ]);
    return message ?? null;
  }

  page(conversationId: string, { order, after, limit }: MessagePageQuery): Promise<MessageRecord[]> {
    const later = order === 'asc' ? 'gt' : 'lt';
    return this.db.message.findMany({
      where: {
        conversationId,
        active: true,
        ...(after && { OR: [{ createdAt: { [later]: after.createdAt } }, { createdAt: after.createdAt, id: { [later]: after.id } }] }),
      },
      orderBy: [{ createdAt: order }, { id: order }],
      take: limit,
    });
  }

  async versions(conversationId: string, parentIds: (string | null)[]): Promise<MessageVersions[]> {
    const parents = [...new Set(parentIds.filter((id): id is string => id !== null))];
    const roots = parentIds.includes(null);
    if (!parents.length && !roots) return [];
    const rows = await this.sql.query<{ parentId: string | null; role: MessageRole; id: string }>(
      `SELECT parent_id AS "parentId", role::text AS role, id FROM messages
       WHERE conversation_id = $1 AND (parent_id = ANY($2::uuid[]) OR ($3 AND parent_id IS NULL))
       ORDER BY created_at, id`,
      [conversationId, parents, roots],
    );
    const groups = new Map<string, MessageVersions>();
    for (const row of rows) {
      const key = `${row.parentId}|${row.role}`;
      const group = groups.get(key) ?? { parentId: row.parentId, role: row.role, ids: [] };
      group.ids.push(row.id);
      groups.set(key, group);
    }
    return [...groups.values()];
  }

  async positionOnBranch(conversationId: string, before: { createdAt: Date; id: string }): Promise<number> {
    const [{ count }] = await this.sql.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM messages WHERE conversation_id = $1 AND active AND (created_at, id) < ($2::timestamptz, $3::uuid)`,
      [conversationId, before.createdAt, before.id],
    );
    return count;
  }

  recentHistory(conversationId: string, before: Date, limit: number): Promise<Pick<MessageRecord, 'role' | 'content'>[]> {
    return this.sql.query(
      `SELECT role::text AS role, content FROM messages
       WHERE conversation_id = $1 AND active AND status = 'done' AND role IN ('user', 'assistant') AND created_at < $2
       ORDER BY created_at DESC, id DESC LIMIT $3`,
      [conversationId, before, limit],
    );
  }

  listFinished(conversationId: string): Promise<MessageRecord[]> {
    return this.db.message.findMany({ where: { conversationId, active: true, status: 'done' }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  }

  async countFinished(conversationId: string): Promise<number> {
    const [{ count }] = await this.sql.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM messages WHERE conversation_id = $1 AND active AND status = 'done'`,
      [conversationId],
    );
    return count;
  }

  async answerTemplate(id: string): Promise<string | null> {
    const [message] = await this.sql.query<{ templateId: string | null }>(`SELECT template_id AS "templateId" FROM messages WHERE id = $1`, [id]);
    return updatedOne(message, 'message', id).templateId;
  }

  async appendTurn({ conversationId, userMessageId, assistantMessageId, content, clientMessageId, at, parentId }: SentTurn): Promise<MessageRecord> {
    // One statement for both rows (a repeated clientMessageId fails it whole: a unique violation).
    // The question follows the chosen branch's last message, unless it is an edit (parentId given).
    const rows = await this.sql.query<MessageRecord>(
      `WITH parent AS (
         SELECT CASE WHEN $9::boolean THEN $10::uuid
           ELSE (SELECT id FROM messages WHERE conversation_id = $2::uuid AND active ORDER BY created_at DESC, id DESC LIMIT 1) END AS id
       )
       INSERT INTO messages (id, conversation_id, role, content, status, client_message_id, reply_to_id, parent_id, created_at, updated_at)
       SELECT $1::uuid, $2::uuid, 'user'::"MessageRole", $3::text, 'done'::"MessageStatus", $4::text, NULL::uuid, parent.id, $5::timestamptz, $7::timestamptz FROM parent
       UNION ALL
       SELECT $6::uuid, $2::uuid, 'assistant'::"MessageRole", '', 'pending'::"MessageStatus", NULL, $1::uuid, $1::uuid, $8::timestamptz, $7::timestamptz
       RETURNING ${MESSAGE_COLUMNS}`,
      [
        userMessageId,
        conversationId,
        content,
        clientMessageId,
        at,
        assistantMessageId,
        new Date(),
        new Date(at.getTime() + 1),
        parentId !== undefined,
        parentId ?? null,
      ],
    );
    return rows.find((row) => row.id === userMessageId)!;
  }

  async appendAnswer({ conversationId, questionId, assistantMessageId, at }: RegeneratedAnswer): Promise<MessageRecord> {
    const [row] = await this.sql.query<MessageRecord>(
      `INSERT INTO messages (id, conversation_id, role, content, status, reply_to_id, parent_id, created_at, updated_at)
       VALUES ($1::uuid, $2::uuid, 'assistant', '', 'pending', $3::uuid, $3::uuid, $4::timestamptz, $4::timestamptz)
       RETURNING ${MESSAGE_COLUMNS}`,
      [assistantMessageId, conversationId, questionId, at],
    );
    return row;
  }

  async leaveBranch(conversationId: string, after: { createdAt: Date; id: string } | null): Promise<number> {
    // The chosen branch is one chain and a child is always younger than its parent, so the
    // descendants of `after` on it are exactly the active messages after it.
    const rows = await this.sql.query(
      `UPDATE messages SET active = false
       WHERE conversation_id = $1 AND active AND ($2::timestamptz IS NULL OR (created_at, id) > ($2::timestamptz, $3::uuid)) RETURNING id`,
      [conversationId, after?.createdAt ?? null, after?.id ?? null],
    );
    return rows.length;
  }

  async joinBranch(id: string): Promise<void> {
    await this.sql.query(
      `WITH RECURSIVE chain(id) AS (
         SELECT $1::uuid
         UNION ALL
         SELECT (SELECT m.id FROM messages m WHERE m.parent_id = chain.id ORDER BY m.created_at DESC, m.id DESC LIMIT 1) FROM chain WHERE chain.id IS NOT NULL
       )
       UPDATE messages SET active = true WHERE id IN (SELECT id FROM chain WHERE id IS NOT NULL)`,
      [id],
    );
  }

  async appendHistory(conversationId: string, messages: { role: MessageRole; content: string }[], from: Date): Promise<void> {
    const base = from.getTime();
    const [last] = await this.sql.query<{ id: string }>(
      `SELECT id FROM messages WHERE conversation_id = $1 AND active ORDER BY created_at DESC, id DESC LIMIT 1`,
      [conversationId],
    );
    // Each message follows the one before it, the first the branch's last message.
    const ids = messages.map(() => randomUUID());
    await this.db.message.createMany({
      data: messages.map((m, i) => ({
        id: ids[i],
        conversationId,
        parentId: i ? ids[i - 1] : (last?.id ?? null),
        role: m.role,
        content: m.content,
        status: 'done' as const,
        createdAt: new Date(base + i),
      })),
    });
  }

  async resetAnswer(id: string): Promise<void> {
    await this.db.message.update({ where: { id }, data: { status: 'pending', content: '', ...NO_ERROR } });
  }

  async startAnswer(id: string): Promise<void> {
    // An answer that has ended (its turn cancelled while a step still ran) keeps its text and status.
    const [row] = await this.sql.query(
      `WITH started AS (
         UPDATE messages SET status = 'streaming', content = '', error = NULL, error_code = NULL, error_params = NULL, updated_at = $2
         WHERE id = $1 AND status IN ('pending', 'streaming') RETURNING id
       )
       SELECT id FROM messages WHERE id = $1`,
      [id, new Date()],
    );
    updatedOne(row, 'message', id);
  }

  async savePartialAnswer(id: string, content: string): Promise<void> {
    const [row] = await this.sql.query(`UPDATE messages SET content = $2, updated_at = $3 WHERE id = $1 RETURNING id`, [id, content, new Date()]);
    updatedOne(row, 'message', id);
  }

  async storeAnswer(id: string, answer: StoredAnswer): Promise<void> {
    const [row] = await this.sql.query(
      `UPDATE messages SET content = $2, status = 'done', error = NULL, error_code = NULL, error_params = NULL, search_results = $3::jsonb, llm_request = $4::jsonb, timings = $5::jsonb,
         processing_time_ms = $6, prompt_tokens = $7, completion_tokens = $8, total_tokens = $9, template_id = $10, updated_at = $11
       WHERE id = $1 RETURNING id`,
      [
        id,
        answer.content,
        JSON.stringify(answer.searchResults),
        JSON.stringify(answer.llmRequest),
        JSON.stringify(answer.timings),
        answer.processingTimeMs,
        answer.promptTokens,
        answer.completionTokens,
        answer.totalTokens,
        answer.templateId,
        new Date(),
      ],
    );
    updatedOne(row, 'message', id);
  }

  async endAnswer(id: string, status: 'failed' | 'cancelled', error: string | null, problem?: MessageErrorCode | null): Promise<void> {
    // The code goes with its text: an end without one (a cancel) clears any code left from before.
    await this.db.message.update({ where: { id }, data: { status, error, errorCode: problem?.code ?? null, errorParams: problem?.params ?? Prisma.DbNull } });
  }

  async lockForRating(id: string): Promise<RateableMessage | null> {
    const [message] = await this.db.$queryRaw<RateableMessage[]>`
      SELECT rating, feedback, template_id AS "templateId", role::text AS role, status::text AS status
      FROM messages WHERE id = ${id}::uuid FOR UPDATE`;
    return message ?? null;
  }

  async rate(id: string, { rating, feedback }: { rating: number | null; feedback: string | null }): Promise<void> {
    await this.db.message.update({ where: { id }, data: { rating, feedback } });
  }

  async removeAll(conversationId: string): Promise<number> {
    return (await this.db.message.deleteMany({ where: { conversationId } })).count;
  }
}

const NO_ERROR = { error: null, errorCode: null, errorParams: Prisma.DbNull };
