import type { PrismaClient } from '@assistants/db';
import { cosine, type IndexedChunk, type VectorIndex } from '@assistants/domain';
import type { SqlQuery } from '../store/document-store';

/** Vectors per insert: short statements, so a chat query waits behind at most one of them (DatabaseLanes). */
export const VECTOR_WRITE_ROWS = 8;

/**
 * The embedded vector index: vectors in a table, exact cosine computed by the database (no index).
 * Right for one company's knowledge base on one machine; Qdrant takes over at scale.
 */
export class DatabaseVectorIndex implements VectorIndex {
  readonly engine: string = 'database';
  constructor(
    private readonly prisma: PrismaClient,
    private readonly sql: SqlQuery,
  ) {}

  /** One statement per `VECTOR_WRITE_ROWS` (raw SQL: Prisma's engine costs more than the write itself for rows this large). */
  async upsert(chunks: IndexedChunk[], model: string): Promise<void> {
    for (let from = 0; from < chunks.length; from += VECTOR_WRITE_ROWS) await this.write(chunks.slice(from, from + VECTOR_WRITE_ROWS), model);
  }

  /**
   * Each vector a binary `real[]` parameter (PostgreSQL's array_send format), which the server
   * takes without parsing its text (a quarter of the cost of the `{…}` form for a dense vector).
   * Prisma would send the bytes as bytea: this needs the database's own connection.
   */
  private async write(chunks: IndexedChunk[], model: string): Promise<void> {
    const params: unknown[] = [model];
    const rows = chunks.map((c) => {
      params.push(c.chunkId, c.assistantId, c.documentId, float4ArrayBinary(c.vector), signsOf(c.vector));
      const n = params.length;
      return `($${n - 4}::uuid, $${n - 3}::uuid, $${n - 2}::uuid, $1, $${n - 1}::real[], $${n}::bit varying)`;
    });
    await this.sql.query(
      `INSERT INTO chunk_vectors (chunk_id, assistant_id, document_id, model, embedding, signs) VALUES ${rows.join(', ')}
       ON CONFLICT (chunk_id) DO UPDATE SET assistant_id = EXCLUDED.assistant_id, document_id = EXCLUDED.document_id, model = EXCLUDED.model, embedding = EXCLUDED.embedding, signs = EXCLUDED.signs`,
      params,
    );
  }

  async deleteDocument(documentId: string): Promise<void> {
    await this.prisma.chunkVector.deleteMany({ where: { documentId } });
  }

  async deleteChunks(chunkIds: string[]): Promise<void> {
    if (chunkIds.length) await this.sql.query(`DELETE FROM chunk_vectors WHERE chunk_id = ANY ($1::uuid[])`, [chunkIds]);
  }

  async search(assistantId: string, model: string, vector: number[], limit: number): Promise<{ chunkId: string; score: number }[]> {
    if (vector.length === 0 || limit <= 0) return [];
    // Vectors left by another embedding model stay out until the documents are re-indexed.
    // Cosine computed by the database (in float8: products of float4 can underflow); shipping every
    // vector to this process as Prisma rows cost ~0.2 ms a vector, here only the top k come back.
    const rows = await this.sql.query<{ chunk_id: string; score: number }>(
      `SELECT chunk_id, score FROM (
         SELECT cv.chunk_id, (
           SELECT CASE WHEN sum(a * a) > 0 AND sum(b * b) > 0 THEN sum(a * b) / sqrt(sum(a * a) * sum(b * b)) ELSE 0 END
           FROM unnest(cv.embedding::float8[], $1::float8[]) AS t(a, b) WHERE a IS NOT NULL AND b IS NOT NULL
         ) AS score
         FROM chunk_vectors cv
         WHERE cv.assistant_id = $2::uuid AND cv.model = $3
       ) scored
       ORDER BY score DESC, chunk_id
       LIMIT $4`,
      [vector, assistantId, model, limit],
    );
    return rows.map((row) => ({ chunkId: row.chunk_id, score: Number(row.score) }));
  }

  /**
   * The nearest vectors found as the in-process cache finds them, in SQL: `candidates` rows whose
   * signs differ least from the query's (Hamming distance over the `signs` column, a scan of short
   * bit strings), then exact cosine over those candidates' vectors here. Tens of milliseconds at
   * 100k chunks where exact cosine over every vector in SQL takes seconds: what an assistant's
   * searches use until its cache has filled, or when it does not fit in the cache.
   */
  async searchBySigns(assistantId: string, model: string, vector: number[], limit: number, candidates: number): Promise<{ chunkId: string; score: number }[]> {
    if (vector.length === 0 || limit <= 0) return [];
    if (!vector.some((x) => x !== 0)) return [];
    const signs = signsOf(vector);
    const rows = await this.sql.query<{ chunk_id: string; embedding: string }>(
      `SELECT chunk_id, encode(array_send(embedding), 'base64') AS embedding FROM chunk_vectors WHERE chunk_id IN (
         SELECT chunk_id FROM chunk_vectors
         WHERE assistant_id = $1::uuid AND model = $2 AND length(signs) = $4
         ORDER BY bit_count(signs # $3::bit varying), chunk_id LIMIT $5
       )`,
      [assistantId, model, signs, vector.length, Math.max(candidates, limit)],
    );
    const scored: { chunkId: string; score: number }[] = [];
    for (const row of rows) {
      const bytes = Buffer.from(row.embedding, 'base64');
      if (arrayLength(bytes) !== vector.length) continue;
      scored.push({ chunkId: row.chunk_id, score: cosine(decodeArray(bytes, vector.length), vector) });
    }
    return scored.sort((a, b) => b.score - a.score || (a.chunkId < b.chunkId ? -1 : 1)).slice(0, limit);
  }

  /** Vectors of the model for the reranker, in binary (see CachedVectorIndex.load); another size is left out in JS, not in SQL, where a filter on cardinality() misled the planner into a scan. */
  async vectorsOf(model: string, dimensions: number, chunkIds: string[]): Promise<Map<string, number[]>> {
    if (chunkIds.length === 0) return new Map();
    const rows = await this.sql.query<{ chunk_id: string; embedding: string }>(
      `SELECT chunk_id, encode(array_send(embedding), 'base64') AS embedding FROM chunk_vectors WHERE chunk_id = ANY ($1::uuid[]) AND model = $2`,
      [chunkIds, model],
    );
    const out = new Map<string, number[]>();
    for (const row of rows) {
      const bytes = Buffer.from(row.embedding, 'base64');
      if (arrayLength(bytes) === dimensions) out.set(row.chunk_id, Array.from(decodeArray(bytes, dimensions)));
    }
    return out;
  }
}

/** A vector's signs as a bit string (`1` for each positive dimension), as `chunk_vectors.signs` holds them. */
export function signsOf(vector: ArrayLike<number>): string {
  let bits = '';
  for (let i = 0; i < vector.length; i++) bits += vector[i] > 0 ? '1' : '0';
  return bits;
}

/** A one-dimensional float4[] in PostgreSQL's binary array format: ndim, no nulls, element type, length, lower bound, then each element's length (4) and big-endian bytes. */
export function float4ArrayBinary(vector: ArrayLike<number>): Buffer {
  const bytes = Buffer.allocUnsafe(20 + vector.length * 8);
  bytes.writeInt32BE(1, 0);
  bytes.writeInt32BE(0, 4);
  bytes.writeInt32BE(FLOAT4_OID, 8);
  bytes.writeInt32BE(vector.length, 12);
  bytes.writeInt32BE(1, 16);
  for (let i = 0, at = 20; i < vector.length; i++, at += 8) {
    bytes.writeInt32BE(4, at);
    bytes.writeFloatBE(vector[i], at + 4);
  }
  return bytes;
}

const FLOAT4_OID = 700;

/** The length of a one-dimensional array in PostgreSQL's binary format (`array_send`); -1 for any other shape. */
export function arrayLength(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return bytes.byteLength >= 20 && view.getInt32(0) === 1 ? view.getInt32(12) : -1;
}

/**
 * A one-dimensional float4[] in PostgreSQL's binary array format (`array_send`): ndim, null flag,
 * element type, length, lower bound, then a length (-1 for null, read as 0) and 4 bytes for each element.
 */
export function decodeArray(bytes: Uint8Array, dimensions: number): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(dimensions);
  if (view.getInt32(0) !== 1) return out;
  const n = Math.min(dimensions, view.getInt32(12));
  for (let i = 0, o = 20; i < n; i++) {
    const length = view.getInt32(o);
    o += 4;
    if (length === 4) out[i] = view.getFloat32(o);
    if (length > 0) o += length;
  }
  return out;
}
