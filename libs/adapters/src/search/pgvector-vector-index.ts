import { createHash } from 'node:crypto';
import type { PrismaClient } from '@assistants/db';
import { DatabaseVectorIndex } from './database-vector-index';
import type { IndexedChunk } from '@assistants/domain';
import type { SqlQuery } from '../store/document-store';

export interface PgvectorOptions {
  /** HNSW candidates per scan step (pgvector's `hnsw.ef_search`); more is slower and closer to exact. */
  efSearch?: number;
}

/** A SQL string literal (model names come from configuration, but are still quoted, never trusted). */
const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;

/**
 * pgvector's HNSW over the same `chunk_vectors` rows the exact index keeps: the stored `real[]`
 * cast to `vector(n)` in a partial expression index per embedding model and dimension (HNSW
 * needs one fixed dimension, a table may hold several models). The extension and each index are
 * created here when first needed, never by a migration, so plain PostgreSQL keeps working without
 * pgvector. The assistant filter runs inside the scan with pgvector's iterative scan (relaxed
 * order, re-sorted afterwards): the scan goes on past `ef_search` candidates until enough of
 * the assistant's vectors are found (up to `hnsw.max_scan_tuples`), so a small assistant among
 * large ones still gets its top k.
 */
export class PgvectorVectorIndex extends DatabaseVectorIndex {
  override readonly engine = 'pgvector';
  private extension?: Promise<void>;
  private readonly indexes = new Map<string, Promise<void>>();

  constructor(
    prisma: PrismaClient,
    private readonly raw: SqlQuery,
    private readonly options: PgvectorOptions = {},
  ) {
    super(prisma, raw);
  }

  /** Creates the extension and sets the scan's parameters once; an index per model follows on first use. */
  start(): Promise<void> {
    this.extension ??= (async () => {
      await this.raw.query(`CREATE EXTENSION IF NOT EXISTS vector`);
      // Session settings: the embedded database has one session, shared by every query.
      await this.raw.query(`SET hnsw.ef_search = ${Math.max(1, Math.floor(this.options.efSearch ?? 100))}`);
      await this.raw.query(`SET hnsw.iterative_scan = relaxed_order`);
      // Indexes for the vectors already stored (a restart, or vectors written before this adapter).
      const models = await this.raw.query<{ model: string; dimensions: number }>(
        `SELECT DISTINCT model, cardinality(embedding) AS dimensions FROM chunk_vectors`,
      );
      for (const { model, dimensions } of models) await this.ensureIndex(model, Number(dimensions), false);
    })();
    this.extension.catch(() => (this.extension = undefined));
    return this.extension;
  }

  /** The name of the HNSW index for one model and dimension (hashed: model names are free text). */
  static indexName(model: string, dimensions: number): string {
    return `chunk_vectors_hnsw_${createHash('sha256').update(`${model}\u0000${dimensions}`).digest('hex').slice(0, 16)}`;
  }

  private ensureIndex(model: string, dimensions: number, waitForStart = true): Promise<void> {
    const key = `${model}\u0000${dimensions}`;
    let ready = this.indexes.get(key);
    if (!ready) {
      ready = (async () => {
        if (waitForStart) await this.start();
        await this.raw.query(
          `CREATE INDEX IF NOT EXISTS ${PgvectorVectorIndex.indexName(model, dimensions)} ON chunk_vectors
           USING hnsw ((embedding::vector(${dimensions})) vector_cosine_ops)
           WHERE model = ${literal(model)} AND cardinality(embedding) = ${dimensions}`,
        );
      })();
      ready.catch(() => this.indexes.delete(key));
      this.indexes.set(key, ready);
    }
    return ready;
  }

  override async upsert(chunks: IndexedChunk[], model: string): Promise<void> {
    if (chunks.length === 0) return;
    // Before the rows: HNSW builds as they arrive, not in one long pass later.
    await this.ensureIndex(model, chunks[0].vector.length);
    await super.upsert(chunks, model);
  }

  override async search(assistantId: string, model: string, vector: number[], limit: number): Promise<{ chunkId: string; score: number }[]> {
    const n = vector.length;
    if (n === 0 || limit <= 0) return [];
    await this.ensureIndex(model, n);
    // The predicate repeats the partial index's own (literals, so the planner can match them);
    // the iterative scan returns nearly ordered rows, sorted again here.
    const rows = await this.raw.query<{ chunk_id: string; distance: number }>(
      `WITH hits AS MATERIALIZED (
         SELECT chunk_id, embedding::vector(${n}) <=> $1::vector(${n}) AS distance
         FROM chunk_vectors
         WHERE model = ${literal(model)} AND cardinality(embedding) = ${n} AND assistant_id = $2::uuid
         ORDER BY embedding::vector(${n}) <=> $1::vector(${n})
         LIMIT $3
       )
       SELECT chunk_id, distance FROM hits ORDER BY distance, chunk_id`,
      [`[${vector.join(',')}]`, assistantId, limit],
    );
    return rows.map((row) => ({ chunkId: row.chunk_id, score: 1 - Number(row.distance) }));
  }
}
