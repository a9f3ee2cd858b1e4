import type { PrismaClient } from '@assistants/db';
import { answeredBy, type SearchHits, type TextChunk } from '@assistants/domain';
import type { SqlQuery } from '../store/document-store';
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
import { PostgresTextIndex } from './postgres-text-index';

/** Meanwhile (a big assistant filling, see DocumentCacheOptions) searches use ts_rank in SQL. */
export interface CachedBm25Options extends DocumentCacheOptions {
  /** Memory for all cached assistants together; an assistant bigger than this is searched with ts_rank in SQL. */
  maxBytes?: number;
  /** BM25's term-frequency saturation and length normalisation (Lucene's defaults). */
  k1?: number;
  b?: number;
}

export const DEFAULT_CACHED_BM25_OPTIONS: OwnCacheOptions<CachedBm25Options> = {
  maxBytes: 256 * 1024 * 1024,
  k1: 1.2,
  b: 0.75,
  // About half a second of reading: a first search waits for that, not for more.
  fillInBackgroundOver: 5000,
};

const PAGE = 5000;
/** Before reading: a chunk of ~500 tokens has a few hundred distinct stems at 6 bytes a posting, and its id. */
const ESTIMATE_PER_CHUNK = 2000;

/**
 * One document's posting lists in a few flat arrays (a map of typed arrays per document meant
 * millions of small objects at 100k chunks, seconds to build and to collect): its stems as ids of
 * the assistant's dictionary, sorted, and for the stem at `i` the rows `starts[i]`..`starts[i + 1]`
 * of `rows` (the chunks holding it, rows of this document) and `counts` (how often).
 */
interface DocumentTerms {
  ids: string[];
  /** Words per chunk (positions in its tsvector). */
  lengths: Uint16Array;
  terms: Int32Array;
  starts: Int32Array;
  rows: Int32Array;
  counts: Uint16Array;
  bytes: number;
}

/** An assistant's stems, numbered in the order first met; shared by its documents' parts. */
class Dictionary {
  private readonly numbers = new Map<string, number>();
  readonly stems: string[] = [];
  /** A slot per stem for TermsBuilder.build (one array reused, not a map per document). */
  private slots = new Int32Array(0);
  builds = 0;

  constructor(stems: string[] = []) {
    for (const stem of stems) this.numberOf(stem);
  }

  find(stem: string): number | undefined {
    return this.numbers.get(stem);
  }

  scratch(): Int32Array {
    if (this.slots.length < this.stems.length) {
      const grown = new Int32Array(Math.max(1024, this.stems.length * 2));
      grown.set(this.slots);
      this.slots = grown;
    }
    return this.slots;
  }

  numberOf(stem: string): number {
    let number = this.numbers.get(stem);
    if (number === undefined) {
      number = this.stems.length;
      this.numbers.set(stem, number);
      this.stems.push(stem);
    }
    return number;
  }
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
  private readonly options: OwnCacheOptions<CachedBm25Options>;
  private readonly cache: DocumentCache<DocumentTerms, Dictionary>;

  constructor(
    prisma: PrismaClient,
    private readonly sql: SqlQuery,
    options: CachedBm25Options = {},
  ) {
    super(prisma);
    this.options = { ...DEFAULT_CACHED_BM25_OPTIONS, ...options };
    this.cache = new DocumentCache(sql, this.options.maxBytes, { ...options, fillInBackgroundOver: this.options.fillInBackgroundOver });
  }

  /** Writes what changed in the cache to its files. */
  async close(): Promise<void> {
    await this.cache.flush();
  }

  get cachedBytes(): number {
    return this.cache.bytes;
  }

  /** The bound on `cachedBytes`. */
  get maxCachedBytes(): number {
    return this.options.maxBytes;
  }

  /** Reads the assistant's postings into the cache now (at start-up), and waits for them; false when they do not fit. */
  async warm(assistantId: string): Promise<boolean> {
    return (await this.cached(assistantId, true)) !== null;
  }

  private cached(assistantId: string, wait = false) {
    return this.cache.get(
      assistantId,
      'bm25',
      {
        context: () => new Dictionary(),
        load: ({ id, generation }, dictionary) => this.load(id, generation, dictionary),
        loadTogether: (documents, dictionary) => this.loadTogether(documents, dictionary),
        codec: TERMS_CODEC,
        estimate: (chunks) => chunks * ESTIMATE_PER_CHUNK,
        batchChunks: PAGE,
      },
      { wait },
    );
  }

  override async index(chunks: TextChunk[]): Promise<void> {
    await super.index(chunks);
    for (const documentId of new Set(chunks.map((c) => c.documentId))) this.cache.forgetDocument(documentId);
  }

  override async deleteDocument(documentId: string): Promise<void> {
    await super.deleteDocument(documentId);
    this.cache.forgetDocument(documentId);
  }

  override async search(assistantId: string, query: string, limit: number): Promise<SearchHits> {
    if (!query.trim() || limit <= 0) return [];
    // The documents first: an assistant without any needs no stems. The vector leg (embedding the
    // query) takes longer than both statements together, so waiting here costs a search nothing.
    const cached = await this.cached(assistantId);
    // Too big for the cache, or not read yet: the GIN index and ts_rank.
    if (!cached || cached === FILLING)
      return answeredBy(await super.search(assistantId, query, limit), `${this.engine} ${cached ? 'filling' : 'over its bound'}: ts_rank`);
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
      const { rows, counts } = postingsOf(stats, cached.parts, cached.context, stem);
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
  private async loadTogether(documents: DocumentToLoad[], dictionary: Dictionary): Promise<Map<string, DocumentTerms>> {
    const rows = await this.sql.query<{ document_id: string; id: string; terms: string }>(
      `SELECT c.document_id, c.id, c.search_vector::text AS terms
       FROM unnest($1::uuid[], $2::int[]) AS d(id, generation)
       JOIN chunks c ON c.document_id = d.id AND c.generation = d.generation
       WHERE c.search_vector IS NOT NULL
       ORDER BY c.document_id, c.id`,
      [documents.map((d) => d.id), documents.map((d) => d.generation)],
    );
    const builders = new Map(documents.map((d) => [d.id, new TermsBuilder(dictionary)]));
    for (const row of rows) builders.get(row.document_id)?.add(row.id, row.terms);
    return new Map([...builders].map(([id, builder]) => [id, builder.build()]));
  }

  /** One document's chunks as posting lists, from their stored tsvectors, read in pages. */
  private async load(documentId: string, generation: number, dictionary: Dictionary): Promise<DocumentTerms> {
    const builder = new TermsBuilder(dictionary);
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
  /** Each (stem, chunk) met, in order: stem number, row, count. */
  private terms = new Int32Array(1024);
  private rows = new Int32Array(1024);
  private counts = new Uint16Array(1024);
  private size = 0;
  private newStemBytes = 0;

  constructor(private readonly dictionary: Dictionary) {}

  add(id: string, terms: string): void {
    const row = this.ids.length;
    this.ids.push(id);
    let length = 0;
    scanTsvector(terms, (stem, count) => {
      length += count;
      const known = this.dictionary.stems.length;
      const number = this.dictionary.numberOf(stem);
      if (number === known) this.newStemBytes += stem.length * 2 + 60;
      if (this.size === this.terms.length) this.grow();
      this.terms[this.size] = number;
      this.rows[this.size] = row;
      this.counts[this.size++] = Math.min(count, 65535);
    });
    this.lengths.push(Math.min(length, 65535));
  }

  /** The pairs grouped by stem number (a counting sort: rows stay in order within a stem). */
  build(): DocumentTerms {
    const n = this.size;
    const slots = this.dictionary.scratch();
    // Marked with a value no slot holds (slots are ≥ 0), new for each build: no clearing between builds.
    const seen = -1 - this.dictionary.builds++;
    const unique: number[] = [];
    const pairs = this.terms;
    for (let i = 0; i < n; i++) {
      const term = pairs[i];
      if (slots[term] !== seen) {
        slots[term] = seen;
        unique.push(term);
      }
    }
    const terms = Int32Array.from(unique).sort();
    terms.forEach((term, i) => (slots[term] = i));
    const starts = new Int32Array(terms.length + 1);
    for (let i = 0; i < n; i++) starts[slots[pairs[i]] + 1]++;
    for (let i = 0; i < terms.length; i++) starts[i + 1] += starts[i];
    const next = starts.slice(0, terms.length);
    const rows = new Int32Array(n);
    const counts = new Uint16Array(n);
    for (let i = 0; i < n; i++) {
      const at = next[slots[pairs[i]]]++;
      rows[at] = this.rows[i];
      counts[at] = this.counts[i];
    }
    const bytes = this.ids.length * 92 + terms.length * 8 + n * 6 + this.newStemBytes + 200;
    return { ids: this.ids, lengths: Uint16Array.from(this.lengths), terms, starts, rows, counts, bytes };
  }

  private grow(): void {
    const terms = new Int32Array(this.terms.length * 2);
    const rows = new Int32Array(this.rows.length * 2);
    const counts = new Uint16Array(this.counts.length * 2);
    terms.set(this.terms);
    rows.set(this.rows);
    counts.set(this.counts);
    [this.terms, this.rows, this.counts] = [terms, rows, counts];
  }
}

/** A stem's postings in all parts, rows numbered among all: merged once (looking it up in thousands of documents per search cost more than scoring). */
function postingsOf(stats: Statistics, parts: DocumentTerms[], dictionary: Dictionary, stem: string): Postings {
  const known = stats.merged.get(stem);
  if (known) return known;
  const number = dictionary.find(stem);
  const ranges = number === undefined ? [] : parts.map((part) => rangeOf(part, number));
  const total = ranges.reduce((sum, range) => sum + (range ? range[1] - range[0] : 0), 0);
  const merged = { rows: new Int32Array(total), counts: new Uint16Array(total) };
  let at = 0;
  ranges.forEach((range, p) => {
    if (!range) return;
    const [from, to] = range;
    const { rows, counts } = parts[p];
    const offset = stats.offsets[p];
    for (let i = from; i < to; i++) merged.rows[at + i - from] = offset + rows[i];
    merged.counts.set(counts.subarray(from, to), at);
    at += to - from;
  });
  if (stats.merged.size >= MERGED_STEMS) stats.merged.clear();
  stats.merged.set(stem, merged);
  return merged;
}

/** Where a stem's postings lie in a part (binary search of its sorted stem numbers), or null. */
function rangeOf(part: DocumentTerms, number: number): [number, number] | null {
  let low = 0;
  let high = part.terms.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const term = part.terms[middle];
    if (term === number) return [part.starts[middle], part.starts[middle + 1]];
    if (term < number) low = middle + 1;
    else high = middle - 1;
  }
  return null;
}

/**
 * The stems of a tsvector's text form (`'stem':1,4B 'other'`) with how often each occurs (its
 * positions; 1 without any). Quotes inside a stem are doubled, backslashes escaped.
 */
export function parseTsvector(text: string): [string, number][] {
  const out: [string, number][] = [];
  scanTsvector(text, (stem, count) => out.push([stem, count]));
  return out;
}

const QUOTE = 39;
const BACKSLASH = 92;
const COLON = 58;
const COMMA = 44;
const SPACE = 32;

/** parseTsvector without the array: a scan of the characters (a regular expression and a split per stem cost a second at 100k chunks). */
function scanTsvector(text: string, each: (stem: string, count: number) => void): void {
  let at = 0;
  const end = text.length;
  while (at < end) {
    if (text.charCodeAt(at) !== QUOTE) {
      at++;
      continue;
    }
    const start = ++at;
    let escaped = false;
    for (; at < end; at++) {
      const c = text.charCodeAt(at);
      if (c === BACKSLASH) {
        escaped = true;
        at++;
      } else if (c === QUOTE) {
        if (text.charCodeAt(at + 1) !== QUOTE) break;
        escaped = true;
        at++;
      }
    }
    const raw = text.slice(start, at);
    const stem = escaped ? raw.replace(/''/g, "'").replace(/\\(.)/g, '$1') : raw;
    at++;
    let count = 1;
    if (text.charCodeAt(at) === COLON) {
      for (at++; at < end && text.charCodeAt(at) !== SPACE; at++) if (text.charCodeAt(at) === COMMA) count++;
    }
    each(stem, count);
  }
}

/** The cache's file: the dictionary's stems, then each document's stamp, ids and arrays. */
const TERMS_CODEC: SnapshotCodec<DocumentTerms, Dictionary> = {
  encode(dictionary, documents) {
    const { stems, renumber } = stemsInUse(dictionary, documents);
    const out = new SnapshotWriter().uint32(TERMS_FORMAT).string(stems.join('\u0000')).uint32(documents.length);
    for (const [id, { stamp, part }] of documents) {
      out.string(id).string(stamp).float64(part.bytes).lines(part.ids);
      out.array(part.lengths).array(renumber(part.terms)).array(part.starts).array(part.rows).array(part.counts);
    }
    return out.chunks;
  },
  decode(bytes) {
    const read = new SnapshotReader(bytes);
    if (read.uint32() !== TERMS_FORMAT) throw new Error('another format');
    const stems = read.string();
    const dictionary = new Dictionary(stems ? stems.split('\u0000') : []);
    const documents: [string, StampedPart<DocumentTerms>][] = [];
    for (let n = read.uint32(); n > 0; n--) {
      const id = read.string();
      const stamp = read.string();
      const bytes = read.float64();
      const ids = read.lines();
      const part = { ids, lengths: read.uint16s(), terms: read.int32s(), starts: read.int32s(), rows: read.int32s(), counts: read.uint16s(), bytes };
      if (part.lengths.length !== ids.length || part.starts.length !== part.terms.length + 1 || part.rows.length !== part.counts.length) {
        throw new Error('inconsistent part');
      }
      documents.push([id, { stamp, part }]);
    }
    if (!read.done) throw new Error('trailing bytes');
    return { context: dictionary, documents };
  },
};

/**
 * The stems the documents hold (the dictionary keeps those of documents gone, which the file must
 * not), numbered again in the same order, so each document's sorted numbers stay sorted.
 */
function stemsInUse(dictionary: Dictionary, documents: [string, StampedPart<DocumentTerms>][]) {
  const used = new Uint8Array(dictionary.stems.length);
  for (const [, { part }] of documents) for (const term of part.terms) used[term] = 1;
  if (used.every(Boolean)) return { stems: dictionary.stems, renumber: (terms: Int32Array) => terms };
  const numbers = new Int32Array(used.length);
  const stems: string[] = [];
  used.forEach((inUse, term) => {
    if (inUse) numbers[term] = stems.push(dictionary.stems[term]) - 1;
  });
  return { stems, renumber: (terms: Int32Array) => terms.map((term) => numbers[term]) };
}

/** Changes whenever the file's layout does: a file of another layout is read from the database again. */
const TERMS_FORMAT = 0x42_4d_32_01;

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
