import type { PrismaClient } from '@assistants/db';
import type { IndexedChunk } from '@assistants/domain';
import type { SqlQuery } from '../store/document-store';
import { DatabaseVectorIndex } from './database-vector-index';
import { QuantizedVectors } from './quantized-vectors';

export interface CachedVectorOptions {
  /** Memory for all cached assistants together; the least recently searched go first. An assistant bigger than this is searched in SQL. */
  maxBytes?: number;
  /** Candidates chosen by the vectors' signs and scored by cosine; at or below it, every vector is scored. */
  rescore?: number;
}

export const DEFAULT_CACHED_VECTOR_OPTIONS: Required<CachedVectorOptions> = { maxBytes: 256 * 1024 * 1024, rescore: 2000 };

/** Rows read from the database per statement while a document is loaded. */
const PAGE = 5000;

interface DocumentVectors {
  /** What the cached copy was read at: the document's `updated_at` and chunk count. A ready document's vectors change only with them. */
  stamp: string;
  ids: string[];
  vectors: QuantizedVectors;
}

interface AssistantVectors {
  documents: Map<string, DocumentVectors>;
  /** All documents' vectors in one block, rebuilt when a document comes or goes. */
  packed?: { ids: string[]; vectors: QuantizedVectors };
  bytes: number;
}

/**
 * The vector leg for PostgreSQL without pgvector: the vectors stay in `chunk_vectors` (written and
 * deleted as by DatabaseVectorIndex, the truth), and each searched assistant's are also kept here,
 * quantized (signs + int8, ~440 bytes a 384-dimension vector), for a scan in this process instead
 * of exact cosine in SQL (3.7 s at 100k chunks there; a few ms of Hamming distance plus 2,000 int8
 * cosines here). Before each search one short query lists the assistant's ready documents with
 * their `updated_at` and chunk count: documents new, re-indexed or gone since the copy was read are
 * read again or dropped, whichever process (API or worker) wrote them. Only ready documents count,
 * as in the retriever's own filter. Memory is bounded; an assistant over the bound falls back to SQL.
 */
export class CachedVectorIndex extends DatabaseVectorIndex {
  override readonly engine: string = 'memory';
  private readonly options: Required<CachedVectorOptions>;
  /** Insertion order = least recently searched first. */
  private readonly cache = new Map<string, AssistantVectors>();
  /** One refresh at a time per assistant and model: concurrent searches share it. */
  private readonly refreshing = new Map<string, Promise<AssistantVectors | null>>();
  private bytes = 0;

  constructor(
    prisma: PrismaClient,
    private readonly raw: SqlQuery,
    options: CachedVectorOptions = {},
  ) {
    super(prisma, raw);
    this.options = { ...DEFAULT_CACHED_VECTOR_OPTIONS, ...options };
  }

  /** Bytes of vectors held now (for tests and metrics). */
  get cachedBytes(): number {
    return this.bytes;
  }

  override async upsert(chunks: IndexedChunk[], model: string): Promise<void> {
    await super.upsert(chunks, model);
    for (const documentId of new Set(chunks.map((c) => c.documentId))) this.forgetDocument(documentId);
  }

  override async deleteDocument(documentId: string): Promise<void> {
    await super.deleteDocument(documentId);
    this.forgetDocument(documentId);
  }

  override async search(assistantId: string, model: string, vector: number[], limit: number): Promise<{ chunkId: string; score: number }[]> {
    if (vector.length === 0 || limit <= 0) return [];
    const key = `${assistantId}\u0000${model}\u0000${vector.length}`;
    let pending = this.refreshing.get(key);
    if (!pending) {
      pending = this.refresh(key, assistantId, model, vector.length).finally(() => this.refreshing.delete(key));
      this.refreshing.set(key, pending);
    }
    const entry = await pending;
    if (!entry) return super.search(assistantId, model, vector, limit);
    const { ids, vectors } = (entry.packed ??= pack(entry, vector.length));
    return vectors.nearest(vector, limit, this.options.rescore).map(({ row, score }) => ({ chunkId: ids[row], score }));
  }

  /** Brings the assistant's copy up to date with its ready documents; null when it would not fit. */
  private async refresh(key: string, assistantId: string, model: string, dimensions: number): Promise<AssistantVectors | null> {
    const listed = await this.raw.query<{ id: string; stamp: string; chunks: number }>(
      `SELECT id, updated_at::text || '/' || chunk_count AS stamp, chunk_count AS chunks
       FROM knowledge_documents WHERE assistant_id = $1::uuid AND status = 'ready'`,
      [assistantId],
    );
    const entry = this.cache.get(key) ?? { documents: new Map<string, DocumentVectors>(), bytes: 0 };
    // Most recently searched last.
    this.cache.delete(key);
    const wanted = new Map(listed.map((d) => [d.id, d.stamp]));
    let changed = false;
    for (const [id, cached] of entry.documents) {
      if (wanted.get(id) !== cached.stamp) {
        this.drop(entry, id);
        changed = true;
      }
    }
    const missing = [...wanted].filter(([id]) => !entry.documents.has(id));
    // Chunk counts tell the size before reading (a document's vectors are at most its chunks).
    const chunks = new Map(listed.map((d) => [d.id, Number(d.chunks)]));
    let expected = missing.reduce((sum, [id]) => sum + (chunks.get(id) ?? 0), 0);
    const tooBig = () => entry.bytes + estimateBytes(expected, dimensions) > this.options.maxBytes;
    for (const [id, stamp] of missing) {
      if (tooBig()) break;
      expected -= chunks.get(id) ?? 0;
      const loaded = await this.load(id, model, dimensions);
      entry.documents.set(id, { stamp, ...loaded });
      const bytes = estimateBytes(loaded.ids.length, dimensions);
      entry.bytes += bytes;
      this.bytes += bytes;
      changed = true;
    }
    if (tooBig()) {
      this.forget(entry);
      return null;
    }
    if (changed) entry.packed = undefined;
    this.cache.set(key, entry);
    this.evict(key);
    return entry;
  }

  /** One document's vectors of the model, read in pages (in binary: parsing `real[]` text took 4.5 times as long). */
  private async load(documentId: string, model: string, dimensions: number): Promise<{ ids: string[]; vectors: QuantizedVectors }> {
    const rows: { chunk_id: string; embedding: Uint8Array }[] = [];
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const page = await this.raw.query<{ chunk_id: string; embedding: Uint8Array }>(
        `SELECT chunk_id, array_send(embedding) AS embedding FROM chunk_vectors
         WHERE document_id = $1::uuid AND model = $2 AND cardinality(embedding) = $3 AND chunk_id > $4::uuid
         ORDER BY chunk_id LIMIT ${PAGE}`,
        [documentId, model, dimensions, after],
      );
      rows.push(...page);
      if (page.length < PAGE) break;
      after = page[page.length - 1].chunk_id;
    }
    const vectors = new QuantizedVectors(dimensions, rows.length);
    for (const row of rows) vectors.add(decodeArray(row.embedding, dimensions));
    return { ids: rows.map((row) => row.chunk_id), vectors };
  }

  /** Least recently searched assistants go until the rest fit (the one just searched stays). */
  private evict(keep: string): void {
    for (const [key, entry] of this.cache) {
      if (this.bytes <= this.options.maxBytes) break;
      if (key === keep) continue;
      this.forget(entry);
      this.cache.delete(key);
    }
  }

  private forgetDocument(documentId: string): void {
    for (const entry of this.cache.values()) {
      if (entry.documents.has(documentId)) {
        this.drop(entry, documentId);
        entry.packed = undefined;
      }
    }
  }

  private drop(entry: AssistantVectors, documentId: string): void {
    const cached = entry.documents.get(documentId);
    if (!cached) return;
    const bytes = estimateBytes(cached.ids.length, cached.vectors.dimensions);
    entry.bytes -= bytes;
    this.bytes -= bytes;
    entry.documents.delete(documentId);
  }

  private forget(entry: AssistantVectors): void {
    for (const id of [...entry.documents.keys()]) this.drop(entry, id);
    entry.packed = undefined;
  }
}

/** The quantized arrays twice (per document and packed) plus an id string (~90 bytes in V8) a vector. */
function estimateBytes(count: number, dimensions: number): number {
  return count * (2 * (Math.ceil(dimensions / 32) * 4 + dimensions + 4) + 90);
}

function pack(entry: AssistantVectors, dimensions: number): { ids: string[]; vectors: QuantizedVectors } {
  const documents = [...entry.documents.values()];
  // One document (a large manual, or the benchmark's): its own block serves.
  if (documents.length === 1) return documents[0];
  const total = documents.reduce((sum, d) => sum + d.ids.length, 0);
  const vectors = new QuantizedVectors(dimensions, total);
  const ids: string[] = [];
  for (const document of documents) {
    vectors.append(document.vectors);
    for (const id of document.ids) ids.push(id);
  }
  return { ids, vectors };
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
