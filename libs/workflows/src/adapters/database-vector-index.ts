import type { PrismaClient } from '@assistants/db';
import type { IndexedChunk, VectorIndex } from '../ports/search';
import { prismaSql, type SqlQuery } from './document-store';

function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length && i < b.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

/**
 * The embedded vector index: vectors in a table, exact cosine search in process.
 * Right for one company's knowledge base on one machine; Qdrant takes over at scale.
 */
export class DatabaseVectorIndex implements VectorIndex {
  readonly engine: string = 'database';
  private readonly sql: SqlQuery;

  constructor(
    private readonly prisma: PrismaClient,
    sql?: SqlQuery,
  ) {
    this.sql = sql ?? prismaSql(prisma);
  }

  /** One statement per batch (raw SQL: Prisma's engine costs ~10 ms a vector on the request thread with PGlite). */
  async upsert(chunks: IndexedChunk[], model: string): Promise<void> {
    if (chunks.length === 0) return;
    const rows = chunks.map((c) => ({ chunk: c.chunkId, assistant: c.assistantId, document: c.documentId, vector: c.vector }));
    await this.sql.query(
      `INSERT INTO chunk_vectors (chunk_id, assistant_id, document_id, model, embedding)
       SELECT (r->>'chunk')::uuid, (r->>'assistant')::uuid, (r->>'document')::uuid, $1, ARRAY(SELECT jsonb_array_elements_text(r->'vector')::real)
       FROM jsonb_array_elements($2::jsonb) AS r
       ON CONFLICT (chunk_id) DO UPDATE SET assistant_id = EXCLUDED.assistant_id, document_id = EXCLUDED.document_id, model = EXCLUDED.model, embedding = EXCLUDED.embedding`,
      [model, JSON.stringify(rows)],
    );
  }

  async deleteDocument(documentId: string): Promise<void> {
    await this.prisma.chunkVector.deleteMany({ where: { documentId } });
  }

  async search(assistantId: string, model: string, vector: number[], limit: number): Promise<{ chunkId: string; score: number }[]> {
    // Vectors left by another embedding model stay out until the documents are re-indexed.
    const rows = await this.prisma.chunkVector.findMany({ where: { assistantId, model }, select: { chunkId: true, embedding: true } });
    return rows
      .map((row) => ({ chunkId: row.chunkId, score: cosine(vector, row.embedding) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, limit);
  }
}
