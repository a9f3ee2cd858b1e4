import type { PrismaClient } from '@assistants/db';
import type { TextChunk } from '@assistants/domain';
import type { SqlQuery } from '../store/document-store';
import { DocumentCache, type DocumentToLoad, type KnowledgeFingerprints } from './document-cache';
import { PostgresTextIndex } from './postgres-text-index';

export interface CachedBm25Options {
  /** Memory for all cached assistants together; an assistant bigger than this is searched with ts_rank in SQL. */
  maxBytes?: number;
  /** BM25's term-frequency saturation and length normalisation (Lucene's defaults). */
  k1?: number;
  b?: number;
  /** The one check of the documents that the vector leg's cache shares (see KnowledgeFingerprints). */
  fingerprints?: KnowledgeFingerprints;
}

export const DEFAULT_CACHED_BM25_OPTIONS: Required<Omit<CachedBm25Options, 'fingerprints'>> = { maxBytes: 256 * 1024 * 1024, k1: 1.2, b: 0.75 };

const PAGE = 5000;
/** Before reading: a chunk of ~500 tokens has a few hundred distinct stems at 6 bytes a posting, and its id. */
const ESTIMATE_PER_CHUNK = 2000;

interface DocumentTerms {
  ids: string[];
  /** Words per chunk (positions in its tsvector). */
  lengths: Uint16Array;
  /** Stem → the chunks (rows of this document) holding it and how often. */
  postings: Map<string, Postings>;
  bytes: number;
}

interface Statistics {
  total: number;
  /** Where each part's rows start among all. */
  offsets: number[];
  /** k1 · (1 − b + b · length / average length), per row. */
  norms: Float32Array;
  ids: string[];
  /** A stem's postings across all parts (rows numbered among all), made at its first search. */
  merged: Map<string, Postings>;
}

interface Postings {
  rows: Int32Array;
  counts: Uint16Array;
}

/** Stems whose merged postings are kept per assistant; past it they are merged again per search. */
const MERGED_STEMS = 20_000;

/**
 * The text leg for PostgreSQL without pg_textsearch: BM25 over the stems PostgreSQL already
 * stores in `chunks.search_vector` (Snowball stemming per chunk language, as the GIN index
 * uses), kept per assistant in this process (DocumentCache: refreshed per document, memory-bounded)
 * as posting lists. A search is two short queries (the ready documents' stamps and the query's
 * stems in the english, russian and simple configurations) and a scan of the query stems' postings
 * here, instead of matching and `ts_rank`-ing every chunk that holds a query word in SQL (158 ms
 * at 100k chunks of a small vocabulary, where most chunks match), and ranks by BM25 rather than
 * `ts_rank`. An assistant over the bound falls back to the GIN index and `ts_rank`.
 */
export class CachedBm25TextIndex extends PostgresTextIndex {
  override readonly engine: string = 'memory-bm25';
  private readonly options: Required<Omit<CachedBm25Options, 'fingerprints'>>;
  private readonly cache: DocumentCache<DocumentTerms>;

  constructor(
    prisma: PrismaClient,
    private readonly sql: SqlQuery,
    options: CachedBm25Options = {},
  ) {
    super(prisma);
    const { fingerprints, ...rest } = options;
    this.options = { ...DEFAULT_CACHED_BM25_OPTIONS, ...rest };
    this.cache = new DocumentCache(sql, this.options.maxBytes, fingerprints);
  }

  get cachedBytes(): number {
    return this.cache.bytes;
  }

  /** The bound on `cachedBytes`. */
  get maxCachedBytes(): number {
    return this.options.maxBytes;
  }

  /** Reads the assistant's postings into the cache now (at start-up), as its first search would; false when they do not fit. */
  async warm(assistantId: string): Promise<boolean> {
    return (await this.cached(assistantId)) !== null;
  }

  private cached(assistantId: string) {
    return this.cache.get(assistantId, 'bm25', {
      load: ({ id, generation }) => this.load(id, generation),
      loadTogether: (documents) => this.loadTogether(documents),
      estimate: (chunks) => chunks * ESTIMATE_PER_CHUNK,
      batchChunks: PAGE,
    });
  }

  override async index(chunks: TextChunk[]): Promise<void> {
    await super.index(chunks);
    for (const documentId of new Set(chunks.map((c) => c.documentId))) this.cache.forgetDocument(documentId);
  }

  override async deleteDocument(documentId: string): Promise<void> {
    await super.deleteDocument(documentId);
    this.cache.forgetDocument(documentId);
  }

  override async search(assistantId: string, query: string, limit: number): Promise<{ chunkId: string; score: number }[]> {
    if (!query.trim() || limit <= 0) return [];
    // The documents first: an assistant without any needs no stems. The vector leg (embedding the
    // query) takes longer than both statements together, so waiting here costs a search nothing.
    const cached = await this.cached(assistantId);
    if (!cached) return super.search(assistantId, query, limit);
    if (cached.parts.length === 0) return [];
    const stems = await this.sql.query<{ stem: string }>(
      `SELECT DISTINCT lexeme AS stem FROM unnest(to_tsvector('english', $1) || to_tsvector('russian', $1) || to_tsvector('simple', $1))`,
      [query],
    );
    if (stems.length === 0) return [];
    const { k1 } = this.options;
    const stats = cached.derived((parts) => this.statistics(parts));
    const scores = new Float32Array(stats.total);
    for (const { stem } of stems) {
      const { rows, counts } = postingsOf(stats, cached.parts, stem);
      if (rows.length === 0) continue;
      const idf = Math.log(1 + (stats.total - rows.length + 0.5) / (rows.length + 0.5));
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i];
        const tf = counts[i];
        scores[row] += (idf * tf * (k1 + 1)) / (tf + stats.norms[row]);
      }
    }
    return best(scores, limit).map((row) => ({ chunkId: stats.ids[row], score: scores[row] }));
  }

  private statistics(parts: DocumentTerms[]): Statistics {
    const { k1, b } = this.options;
    const offsets: number[] = [];
    let total = 0;
    let words = 0;
    for (const part of parts) {
      offsets.push(total);
      total += part.ids.length;
      for (const length of part.lengths) words += length;
    }
    const average = total ? words / total : 1;
    const norms = new Float32Array(total);
    const ids: string[] = [];
    parts.forEach((part, p) => {
      part.lengths.forEach((length, i) => (norms[offsets[p] + i] = k1 * (1 - b + (b * length) / average)));
      for (const id of part.ids) ids.push(id);
    });
    return { total, offsets, norms, ids, merged: new Map() };
  }

  /** Small documents' chunks as posting lists, in one statement. */
  private async loadTogether(documents: DocumentToLoad[]): Promise<Map<string, DocumentTerms>> {
    const rows = await this.sql.query<{ document_id: string; id: string; terms: string }>(
      `SELECT c.document_id, c.id, c.search_vector::text AS terms
       FROM unnest($1::uuid[], $2::int[]) AS d(id, generation)
       JOIN chunks c ON c.document_id = d.id AND c.generation = d.generation
       WHERE c.search_vector IS NOT NULL
       ORDER BY c.document_id, c.id`,
      [documents.map((d) => d.id), documents.map((d) => d.generation)],
    );
    const builders = new Map(documents.map((d) => [d.id, new TermsBuilder()]));
    for (const row of rows) builders.get(row.document_id)?.add(row.id, row.terms);
    return new Map([...builders].map(([id, builder]) => [id, builder.build()]));
  }

  /** One document's chunks as posting lists, from their stored tsvectors, read in pages. */
  private async load(documentId: string, generation: number): Promise<DocumentTerms> {
    const builder = new TermsBuilder();
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const page = await this.sql.query<{ id: string; terms: string }>(
        // The page's ids first: otherwise the planner may turn every chunk of the document into text before sorting and cutting.
        `WITH page AS MATERIALIZED (
           SELECT id FROM chunks WHERE document_id = $1::uuid AND generation = $3 AND search_vector IS NOT NULL AND id > $2::uuid ORDER BY id LIMIT ${PAGE}
         )
         SELECT c.id, c.search_vector::text AS terms FROM page JOIN chunks c USING (id) ORDER BY c.id`,
        [documentId, after, generation],
      );
      for (const { id, terms } of page) builder.add(id, terms);
      if (page.length < PAGE) break;
      after = page[page.length - 1].id;
    }
    return builder.build();
  }
}

/** One document's posting lists, chunk by chunk. */
class TermsBuilder {
  private readonly ids: string[] = [];
  private readonly lengths: number[] = [];
  private readonly building = new Map<string, { rows: number[]; counts: number[] }>();

  add(id: string, terms: string): void {
    const row = this.ids.length;
    this.ids.push(id);
    let length = 0;
    for (const [stem, count] of parseTsvector(terms)) {
      length += count;
      const list = this.building.get(stem);
      if (list) {
        list.rows.push(row);
        list.counts.push(count);
      } else this.building.set(stem, { rows: [row], counts: [count] });
    }
    this.lengths.push(Math.min(length, 65535));
  }

  build(): DocumentTerms {
    const postings = new Map<string, Postings>();
    let bytes = this.ids.length * 92;
    for (const [stem, list] of this.building) {
      postings.set(stem, { rows: Int32Array.from(list.rows), counts: Uint16Array.from(list.counts, (c) => Math.min(c, 65535)) });
      bytes += list.rows.length * 6 + stem.length * 2 + 100;
    }
    return { ids: this.ids, lengths: Uint16Array.from(this.lengths), postings, bytes };
  }
}

/** A stem's postings in all parts, rows numbered among all: merged once (looking it up in thousands of documents per search cost more than scoring). */
function postingsOf(stats: Statistics, parts: DocumentTerms[], stem: string): Postings {
  const known = stats.merged.get(stem);
  if (known) return known;
  const lists = parts.map((part) => part.postings.get(stem));
  const total = lists.reduce((sum, list) => sum + (list?.rows.length ?? 0), 0);
  const merged = { rows: new Int32Array(total), counts: new Uint16Array(total) };
  let at = 0;
  lists.forEach((list, p) => {
    if (!list) return;
    const offset = stats.offsets[p];
    for (let i = 0; i < list.rows.length; i++) merged.rows[at + i] = offset + list.rows[i];
    merged.counts.set(list.counts, at);
    at += list.rows.length;
  });
  if (stats.merged.size >= MERGED_STEMS) stats.merged.clear();
  stats.merged.set(stem, merged);
  return merged;
}

/**
 * The stems of a tsvector's text form (`'stem':1,4B 'other'`) with how often each occurs (its
 * positions; 1 without any). Quotes inside a stem are doubled, backslashes escaped.
 */
export function parseTsvector(text: string): [string, number][] {
  const out: [string, number][] = [];
  const pattern = /'((?:[^'\\]|''|\\.)*)'(?::([0-9A-D,]+))?/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const stem = match[1].replace(/''/g, "'").replace(/\\(.)/g, '$1');
    out.push([stem, match[2] ? match[2].split(',').length : 1]);
  }
  return out;
}

/** Rows of the `limit` highest positive scores, best first (ties: lower row first). */
function best(scores: Float32Array, limit: number): number[] {
  const top: number[] = [];
  let floor = 0;
  for (let row = 0; row < scores.length; row++) {
    const score = scores[row];
    if (score <= floor && (top.length >= limit || score <= 0)) continue;
    let i = top.length;
    top.push(row);
    while (i > 0 && scores[top[i - 1]] < score) {
      top[i] = top[i - 1];
      i--;
    }
    top[i] = row;
    if (top.length > limit) top.pop();
    if (top.length === limit) floor = scores[top[limit - 1]];
  }
  return top;
}
