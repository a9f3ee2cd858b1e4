import type { SqlStatements } from '@assistants/db';
import type { RetrievedPassage } from '@assistants/domain';

/** At most this many passages of a conversation's attached files go into one prompt. */
export const MAX_ATTACHMENT_PASSAGES = 8;
/** How long a turn waits for a file attached to its conversation to finish reading. */
export const ATTACHMENT_WAIT_MS = 60_000;
const ATTACHMENT_POLL_MS = 250;

/**
 * Waits (bounded) until no file attached to the conversation is still being read, so a question sent
 * with its file is answered from it. Answers when they are all ready or failed, or the time is up.
 */
export async function waitForAttachments(sql: SqlStatements, conversationId: string, signal?: AbortSignal, maxMs = ATTACHMENT_WAIT_MS): Promise<void> {
  const until = Date.now() + maxMs;
  for (;;) {
    const [row] = await sql.query<{ pending: number }>(
      `SELECT count(*)::int AS pending FROM knowledge_documents WHERE conversation_id = $1::uuid AND status IN ('queued', 'processing')`,
      [conversationId],
    );
    if (!row || row.pending === 0 || Date.now() >= until || signal?.aborted) return;
    await new Promise((resolve) => setTimeout(resolve, ATTACHMENT_POLL_MS));
  }
}

/**
 * The passages of the files attached to one conversation that best match the query: a small full-text
 * ranking over that conversation's chunks only (few rows), never the assistant's index. Chunks that
 * share no word with the query still come, after the others: the file was attached to be read.
 */
export async function searchAttachments(sql: SqlStatements, conversationId: string, query: string, limit: number): Promise<RetrievedPassage[]> {
  const rows = await sql.query<{ id: string; documentId: string; filename: string; position: number; text: string; metadata: unknown; score: number }>(
    `WITH q AS (
       SELECT to_tsquery('simple', coalesce(string_agg(quote_literal(lexeme), ' | '), '')) AS query
       FROM unnest(tsvector_to_array(to_tsvector('simple', left($2, 2000)))) AS lexeme
     )
     SELECT c.id, c.document_id AS "documentId", d.filename, c.position, c.text, c.metadata,
       ts_rank(to_tsvector('simple', c.text), q.query)::float8 AS score
     FROM chunks c JOIN knowledge_documents d ON d.id = c.document_id, q
     WHERE d.conversation_id = $1::uuid AND c.generation = d.live_generation
     ORDER BY score DESC, d.created_at, c.position
     LIMIT $3`,
    [conversationId, query, Math.max(1, Math.min(limit, MAX_ATTACHMENT_PASSAGES))],
  );
  return rows.map((row) => ({
    chunkId: row.id,
    documentId: row.documentId,
    filename: row.filename,
    position: row.position,
    text: row.text,
    score: Math.round(Number(row.score) * 10000) / 10000,
    metadata: (row.metadata ?? {}) as Record<string, unknown>,
  }));
}
