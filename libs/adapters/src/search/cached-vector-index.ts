import type { PrismaClient } from '@assistants/db';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { answeredBy, type IndexedChunk, type SearchHits } from '@assistants/domain';
import type { SqlQuery } from '../store/document-store';
import { arrayLength, DatabaseVectorIndex, decodeArray } from './database-vector-index';
import { SnapshotReader, SnapshotWriter } from './cache-snapshots';
import {
  DocumentCache,
  type DocumentCacheOptions,
  type DocumentToLoad,
  FILLING,
  type OwnCacheOptions,
  type SnapshotCodec,
  type StampedPart,
} from './document-cache';
import { type QuantizedArrays, QuantizedVectors } from './quantized-vectors';

/** Meanwhile (a big assistant filling, see DocumentCacheOptions) searches go by signs in SQL. */
export interface CachedVectorOptions extends DocumentCacheOptions {
  /** Memory for all cached assistants together; the least recently searched go first. An assistant bigger than this is searched in SQL. */
  maxBytes?: number;
  /** Candidates chosen by the vectors' signs and scored by cosine; at or below it, every vector is scored. */
  rescore?: number;
}

export const DEFAULT_CACHED_VECTOR_OPTIONS: OwnCacheOptions<CachedVectorOptions> = {
  maxBytes: 256 * 1024 * 1024,
  rescore: 2000,
  // About half a second of reading: a first search waits for that, not for more.
  fillInBackgroundOver: 5000,
};

/** Rows read from the database per statement while a document is loaded. */
const PAGE = 500;

interface DocumentVectors {
  ids: string[];
  vectors: QuantizedVectors;
  bytes: number;
}

/**
 * The vector leg for PostgreSQL without pgvector: the vectors stay in `chunk_vectors` (written and
 * deleted as by DatabaseVectorIndex, the truth), and each searched assistant's are also kept here
 * (DocumentCache: refreshed per document, memory-bounded), quantized (signs + int8, ~440 bytes a
 * 384-dimension vector), for a scan in this process instead of exact cosine in SQL (3.7 s at
 * 100k chunks there; a few ms of Hamming distance plus 2,000 int8 cosines here). Only ready
 * documents count, as in the retriever's own filter. An assistant over the bound is searched in SQL.
 */
export class CachedVectorIndex extends DatabaseVectorIndex {
  override readonly engine: string = 'memory';
  private readonly options: OwnCacheOptions<CachedVectorOptions>;
  private readonly cache: DocumentCache<DocumentVectors>;

  constructor(
    prisma: PrismaClient,
    private readonly raw: SqlQuery,
    options: CachedVectorOptions = {},
  ) {
    super(prisma, raw);
    this.options = { ...DEFAULT_CACHED_VECTOR_OPTIONS, ...options };
    this.cache = new DocumentCache(raw, this.options.maxBytes, { ...options, fillInBackgroundOver: this.options.fillInBackgroundOver });
  }

  /** Writes what changed in the cache to its files. */
  async close(): Promise<void> {
    await this.cache.flush();
  }

  /** Bytes of vectors held now (for tests and metrics). */
  get cachedBytes(): number {
    return this.cache.bytes;
  }

  /** The bound on `cachedBytes`. */
  get maxCachedBytes(): number {
    return this.options.maxBytes;
  }

  /** Reads the assistant's vectors of `model` into the cache now (at start-up), and waits for them; false when they do not fit. */
  async warm(assistantId: string, model: string, dimensions: number): Promise<boolean> {
    return (await this.cached(assistantId, model, dimensions, true)) !== null;
  }

  private cached(assistantId: string, model: string, n: number, wait = false) {
    return this.cache.get(
      assistantId,
      `${model}\u0000${n}`,
      {
        codec: vectorsCodec(n),
        load: ({ id, generation }) => this.load(id, generation, model, n),
        loadTogether: (documents) => this.loadTogether(documents, model, n),
        estimate: (chunks) => estimateBytes(chunks, n),
        batchChunks: PAGE,
      },
      { wait },
    );
  }

  override async upsert(chunks: IndexedChunk[], model: string): Promise<void> {
    await super.upsert(chunks, model);
    for (const documentId of new Set(chunks.map((c) => c.documentId))) this.cache.forgetDocument(documentId);
  }

  override async deleteDocument(documentId: string): Promise<void> {
    await super.deleteDocument(documentId);
    this.cache.forgetDocument(documentId);
  }

  override async search(assistantId: string, model: string, vector: number[], limit: number): Promise<SearchHits> {
    if (vector.length === 0 || limit <= 0) return [];
    const n = vector.length;
    const cached = await this.cached(assistantId, model, n);
    // Too big for the cache, or not read yet: the same two steps in SQL.
    if (!cached || cached === FILLING) {
      return answeredBy(
        await this.searchBySigns(assistantId, model, vector, limit, this.options.rescore),
        `${this.engine} ${cached ? 'filling' : 'over its bound'}: signs in SQL`,
      );
    }
    // All documents' vectors in one block, packed again when a document comes or goes.
    const { ids, vectors } = cached.derived((parts) => pack(parts, n));
    return vectors.nearest(vector, limit, this.options.rescore).map(({ row, score }) => ({ chunkId: ids[row], score }));
  }

  /** Small documents' vectors of the model, in one statement. */
  private async loadTogether(documents: DocumentToLoad[], model: string, dimensions: number): Promise<Map<string, DocumentVectors>> {
    const rows = await this.raw.query<{ document_id: string; chunk_id: string; embedding: string }>(
      `SELECT cv.document_id, cv.chunk_id, encode(array_send(cv.embedding), 'base64') AS embedding
       FROM unnest($1::uuid[], $2::int[]) AS d(id, generation)
       JOIN chunks c ON c.document_id = d.id AND c.generation = d.generation
       JOIN chunk_vectors cv ON cv.chunk_id = c.id AND cv.model = $3
       ORDER BY cv.document_id, cv.chunk_id`,
      [documents.map((d) => d.id), documents.map((d) => d.generation), model],
    );
    const byDocument = new Map<string, { chunk_id: string; embedding: string }[]>(documents.map((d) => [d.id, []]));
    for (const row of rows) byDocument.get(row.document_id)?.push(row);
    const out = new Map<string, DocumentVectors>();
    for (const [id, page] of byDocument) {
      const { ids, vectors } = decodePage(page, dimensions);
      out.set(id, { ids, vectors, bytes: estimateBytes(ids.length, dimensions) });
    }
    return out;
  }

  /**
   * One document's vectors of the model, read in pages with a turn of the event loop between them
   * (decoding a page holds this thread). In binary (`array_send`; parsing `real[]` text took 4.5
   * times as long), as base64 text, which the driver hands over without parsing (a bytea result
   * is decoded from hex first, and measured slower).
   */
  private async load(documentId: string, generation: number, model: string, dimensions: number): Promise<DocumentVectors> {
    // Each page is decoded and quantized as it comes, before the event loop turns: decoding a 40k-chunk
    // document at the end held the thread for 0.7 s.
    const pages: DocumentVectors[] = [];
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const page = await this.raw.query<{ chunk_id: string; embedding: string }>(
        // The page's ids first: otherwise the planner may encode every row of the document before sorting and cutting.
        // Both sides start at the cursor and walk their indexes (document, chunk id) and the chunks' key: a page
        // costs the same at the end of 100k chunks as at the start. The vectors' size is checked here, not in SQL,
        // where a filter on cardinality() misled the planner into a scan of the table per page (35 s for 100k).
        `WITH page AS MATERIALIZED (
           SELECT cv.chunk_id FROM chunk_vectors cv JOIN chunks c ON c.id = cv.chunk_id
           WHERE cv.document_id = $1::uuid AND cv.model = $2 AND cv.chunk_id > $3::uuid AND c.id > $3::uuid AND c.generation = $4
           ORDER BY cv.chunk_id LIMIT ${PAGE}
         )
         SELECT v.chunk_id, encode(array_send(v.embedding), 'base64') AS embedding FROM page JOIN chunk_vectors v USING (chunk_id) ORDER BY v.chunk_id`,
        [documentId, model, after, generation],
      );
      pages.push(decodePage(page, dimensions));
      if (page.length < PAGE) break;
      after = page[page.length - 1].chunk_id;
      await yieldToEventLoop();
    }
    const { ids, vectors } = pack(pages, dimensions);
    return { ids, vectors, bytes: estimateBytes(ids.length, dimensions) };
  }
}

/** A page of `array_send` rows in base64 as quantized vectors; rows of another size are left out. */
function decodePage(rows: { chunk_id: string; embedding: string }[], dimensions: number): DocumentVectors {
  // encode() wraps lines every 76 characters; Node's decoder skips the newlines.
  const decoded = rows.map((row) => ({ id: row.chunk_id, bytes: Buffer.from(row.embedding, 'base64') })).filter((row) => arrayLength(row.bytes) === dimensions);
  const vectors = new QuantizedVectors(dimensions, decoded.length);
  for (const row of decoded) vectors.add(decodeArray(row.bytes, dimensions));
  return { ids: decoded.map((row) => row.id), vectors, bytes: 0 };
}

/** The quantized arrays twice (per document and packed) plus an id string (~90 bytes in V8) a vector. */
function estimateBytes(count: number, dimensions: number): number {
  return count * (2 * (Math.ceil(dimensions / 32) * 4 + dimensions + 4) + 90);
}

/** Several blocks (documents, or one document's pages) as one. */
function pack(documents: DocumentVectors[], dimensions: number): { ids: string[]; vectors: QuantizedVectors } {
  // One block (a large manual, or the benchmark's): it serves as it is.
  if (documents.length === 1) return documents[0];
  const total = documents.reduce((sum, d) => sum + d.ids.length, 0);
  const ids: string[] = [];
  for (const document of documents) for (const id of document.ids) ids.push(id);
  // Documents read from one file lie side by side in it, in this order: their arrays already are one block.
  const arrays = documents.map((d) => d.vectors.arrays);
  const bits = adjacent(arrays.map((a) => a.bits));
  const codes = adjacent(arrays.map((a) => a.codes));
  const scales = adjacent(arrays.map((a) => a.scales));
  if (bits && codes && scales) return { ids, vectors: new QuantizedVectors(dimensions, total, { bits, codes, scales }) };
  const vectors = new QuantizedVectors(dimensions, total);
  for (const document of documents) vectors.append(document.vectors);
  return { ids, vectors };
}

/** One view over arrays that follow each other in one buffer, or null. */
function adjacent<A extends Int32Array | Int8Array | Float32Array>(arrays: A[]): A | null {
  const [first] = arrays;
  if (!first) return null;
  let end = first.byteOffset;
  for (const array of arrays) {
    if (array.buffer !== first.buffer || array.byteOffset !== end) return null;
    end += array.byteLength;
  }
  const Type = first.constructor as new (buffer: ArrayBufferLike, offset: number, length: number) => A;
  return new Type(first.buffer, first.byteOffset, (end - first.byteOffset) / first.BYTES_PER_ELEMENT);
}

/**
 * The cache's file: each document's stamp and ids, then all documents' signs, codes and scales,
 * each kind as one block, so that the documents restored from it pack without a copy.
 */
function vectorsCodec(dimensions: number): SnapshotCodec<DocumentVectors, undefined> {
  const words = Math.ceil(dimensions / 32);
  return {
    encode(_, documents) {
      const out = new SnapshotWriter().uint32(VECTORS_FORMAT).uint32(dimensions).uint32(documents.length);
      for (const [id, { stamp, part }] of documents) out.string(id).string(stamp).float64(part.bytes).lines(part.ids);
      const arrays = documents.map(([, { part }]) => part.vectors.arrays);
      out
        .joined(arrays.map((a) => a.bits))
        .joined(arrays.map((a) => a.codes))
        .joined(arrays.map((a) => a.scales));
      return out.chunks;
    },
    decode(bytes) {
      const read = new SnapshotReader(bytes);
      if (read.uint32() !== VECTORS_FORMAT || read.uint32() !== dimensions) throw new Error('another format');
      const heads: { id: string; stamp: string; bytes: number; ids: string[] }[] = [];
      for (let n = read.uint32(); n > 0; n--) {
        heads.push({ id: read.string(), stamp: read.string(), bytes: read.float64(), ids: read.lines() });
      }
      const [bits, codes, scales] = [read.int32s(), read.int8s(), read.float32s()];
      if (!read.done) throw new Error('trailing bytes');
      let row = 0;
      const documents = heads.map(({ id, stamp, bytes, ids }): [string, StampedPart<DocumentVectors>] => {
        const [from, to] = [row, (row += ids.length)];
        const arrays: QuantizedArrays = {
          bits: bits.subarray(from * words, to * words),
          codes: codes.subarray(from * dimensions, to * dimensions),
          scales: scales.subarray(from, to),
        };
        return [id, { stamp, part: { ids, vectors: new QuantizedVectors(dimensions, ids.length, arrays), bytes } }];
      });
      if (row !== scales.length) throw new Error('inconsistent sizes');
      return { context: undefined, documents };
    },
  };
}

/** Changes whenever the file's layout does: a file of another layout is read from the database again. */
const VECTORS_FORMAT = 0x51_56_32_01;
