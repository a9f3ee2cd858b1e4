import type { TextChunk, TextIndex } from '@assistants/domain';
import type { SqlQuery } from '../store/document-store';

/** The BM25 index on `chunks.text`; queries name it, as pg_textsearch requires. */
export const CHUNKS_BM25_INDEX = 'chunks_text_bm25';

/**
 * BM25 with stemming from the pg_textsearch extension (bundled with embedded PGlite), over the
 * chunks table itself: the index follows inserts and deletes of chunk rows, so indexing and
 * deleting a document need nothing more here. One index with PostgreSQL's `russian` text
 * configuration, which stems Cyrillic words with the Russian Snowball stemmer and Latin ones
 * with the English stemmer (dropping English stop words): English and Russian chunks, and mixed
 * ones, share one set of statistics. Measured against two indexes (english + russian) and
 * per-language partial indexes on a mixed set, it ranked the same and needs one index scan per
 * query (see docs/search-and-ingest.md, "PGlite-specific material"). The extension and index are
 * created at start-up, never by a migration, so plain PostgreSQL keeps the GIN index (PostgresTextIndex).
 */
export class PgliteBm25TextIndex implements TextIndex {
  readonly engine = 'bm25';
  private ready?: Promise<void>;

  constructor(private readonly sql: SqlQuery) {}

  /** Idempotent: creates the extension and the index (building it over the chunks already stored). */
  start(): Promise<void> {
    this.ready ??= (async () => {
      await this.sql.query(`CREATE EXTENSION IF NOT EXISTS pg_textsearch`);
      await this.sql.query(`CREATE INDEX IF NOT EXISTS ${CHUNKS_BM25_INDEX} ON chunks USING bm25 (text) WITH (text_config = 'russian')`);
    })();
    this.ready.catch(() => (this.ready = undefined));
    return this.ready;
  }

  async index(chunks: TextChunk[]): Promise<void> {
    // The index reads the chunk rows as they are written; only its existence needs seeing to.
    if (chunks.length) await this.start();
  }

  async deleteChunks(): Promise<void> {
    // The words go with the chunk rows.
  }

  async deleteDocument(): Promise<void> {
    // The words go with the chunk rows, which go with their document.
  }

  async search(assistantId: string, query: string, limit: number): Promise<{ chunkId: string; score: number }[]> {
    if (!query.trim() || limit <= 0) return [];
    await this.start();
    const fast = await this.sql.query<{ id: string; score: number }>(this.statement('bm25_get_current_score()'), [query, assistantId, limit]);
    if (fast.length === 0 || (await this.scoresAreCurrent(query, fast))) return hits(fast);
    return hits(await this.sql.query<{ id: string; score: number }>(this.statement(`c.text <@> to_bm25query($1, '${CHUNKS_BM25_INDEX}')`), [query, assistantId, limit]));
  }

  /**
   * `<@>` gives the negative BM25 score (ascending index order); rows without a query word score 0.
   * The assistant and live-generation filters run inside the index scan (pg_textsearch keeps
   * scanning until the limit is met; the documents are a list computed once, not a join, which
   * would cost the index scan its order).
   */
  private statement(score: string): string {
    return `SELECT c.id, ${score} AS score
      FROM chunks c
      WHERE c.assistant_id = $2::uuid
        AND (c.document_id::text || ':' || c.generation) = ANY (ARRAY(
          SELECT id::text || ':' || live_generation FROM knowledge_documents WHERE assistant_id = $2::uuid AND live_generation IS NOT NULL))
      ORDER BY c.text <@> to_bm25query($1, '${CHUNKS_BM25_INDEX}')
      LIMIT $3`;
  }

  /**
   * The index scan's own scores (`bm25_get_current_score()`) spare scoring each hit's text again,
   * which costs more than the scan itself; but they are only right when the planner took the index
   * (it may not on a tiny table). The first and last hits, scored again, tell.
   */
  private async scoresAreCurrent(query: string, rows: { id: string; score: number }[]): Promise<boolean> {
    const probe = [rows[0], rows[rows.length - 1]];
    const scored = await this.sql.query<{ id: string; score: number }>(
      `SELECT id, text <@> to_bm25query($1, '${CHUNKS_BM25_INDEX}') AS score FROM chunks WHERE id = ANY ($2::uuid[])`,
      [query, probe.map((row) => row.id)],
    );
    const truth = new Map(scored.map((row) => [row.id, Number(row.score)]));
    return probe.every((row) => Math.abs(Number(row.score) - (truth.get(row.id) ?? Number.NaN)) <= 1e-4 * Math.max(1, Math.abs(Number(row.score))));
  }
}

/** Matching rows only, as positive scores (higher is better). */
const hits = (rows: { id: string; score: number }[]) => rows.filter((row) => Number(row.score) < 0).map((row) => ({ chunkId: row.id, score: -Number(row.score) }));
