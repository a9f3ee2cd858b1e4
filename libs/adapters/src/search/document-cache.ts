import type { SqlQuery } from '../store/document-store';
import type { CacheSnapshots } from './cache-snapshots';

/** What one document contributes to an assistant's cached index, and what it costs in memory. */
export interface CachedPart {
  bytes: number;
}

/** A document's part with the stamp it was read at. */
export interface StampedPart<T> {
  stamp: string;
  part: T;
}

interface Entry<T, C> {
  documents: Map<string, StampedPart<T>>;
  /** What the entry's parts share (the text leg's dictionary of stems), made with the entry. */
  context: C;
  bytes: number;
  /** New (from a clock of this cache) whenever a document comes or goes: the derived view rebuilds on change. */
  version: number;
  derived?: { version: number; value: unknown };
  /** The ready documents' fingerprint when `view` was made; while the database's is the same, `view` serves as it is. */
  fingerprint?: string;
  view?: CachedAssistant<T, C>;
  /** How the entry is written to its file, when this cache keeps files (see CacheSnapshots). */
  codec?: SnapshotCodec<T, C>;
}

/** A ready document to read: its id and live generation of chunks. */
export interface DocumentToLoad {
  id: string;
  generation: number;
}

/** How an entry's parts go to a file and come back; `decode` throws on anything it did not write. */
export interface SnapshotCodec<T, C> {
  encode: (context: C, documents: [string, StampedPart<T>][]) => Uint8Array[];
  decode: (bytes: Buffer) => { context: C; documents: [string, StampedPart<T>][] };
}

/** How an index reads documents into the cache. */
export interface CacheLoader<T, C> {
  /** What a new entry's parts will share (none when they share nothing). */
  context?: () => C;
  /** Reads one document's part (a big one in pages). */
  load: (document: DocumentToLoad, context: C) => Promise<T>;
  /** Reads several small documents' parts in one statement (one per document asked for, empty ones too). */
  loadTogether: (documents: DocumentToLoad[], context: C) => Promise<Map<string, T>>;
  /** How the entry is kept in a file, when the cache has a folder for them. */
  codec?: SnapshotCodec<T, C>;
  /** The bytes a document of so many chunks may take, to refuse an assistant before reading it. */
  estimate: (chunks: number) => number;
  /** Small documents are read together up to this many chunks (an assistant of thousands of pages would otherwise take a statement per page). */
  batchChunks: number;
}

export interface CachedAssistant<T, C = undefined> {
  /** The ready documents' parts, in a stable order. */
  parts: T[];
  /** What the parts share (see CacheLoader.context). */
  context: C;
  /** A view built from all parts (packed arrays, global statistics), kept until a document comes or goes, and dropped with the entry. */
  derived<V>(build: (parts: T[]) => V): V;
}

/** What a ready document's index data depends on. */
const STAMP = `updated_at::text || '/' || chunk_count || '/' || live_generation`;

/**
 * One row that changes whenever an assistant's ready documents do: their count, a hash sum of their
 * stamps and the newest `updated_at`. Callers asking while a query for the same assistant is in
 * flight share its answer (both legs of a search ask at once); nothing is kept once it is answered.
 */
export class KnowledgeFingerprints {
  private readonly inFlight = new Map<string, Promise<string>>();

  constructor(private readonly sql: SqlQuery) {}

  of(assistantId: string): Promise<string> {
    let pending = this.inFlight.get(assistantId);
    if (!pending) {
      pending = this.query(assistantId).finally(() => this.inFlight.delete(assistantId));
      this.inFlight.set(assistantId, pending);
    }
    return pending;
  }

  private async query(assistantId: string): Promise<string> {
    // Searchable documents are those with a live generation of chunks (a re-index under way keeps
    // the old one live until it swaps, which changes updated_at).
    const [{ fingerprint }] = await this.sql.query<{ fingerprint: string }>(
      `SELECT count(*) || '/' || coalesce(sum(hashtext(${STAMP})), 0) || '/' || coalesce(max(updated_at)::text, '') AS fingerprint
       FROM knowledge_documents WHERE assistant_id = $1::uuid AND live_generation IS NOT NULL`,
      [assistantId],
    );
    return fingerprint;
  }
}

export interface DocumentCacheOptions {
  /** The one check of the documents, shared by the caches of one search (the text and the vector leg ask at the same moment). */
  fingerprints?: KnowledgeFingerprints;
  /** Where entries are kept between starts; none: each start reads them from the database again. */
  snapshots?: CacheSnapshots;
  /**
   * A refresh that must read more chunks than this goes on in the background: `get` answers
   * `FILLING` at once and the caller searches in SQL meanwhile (a cold 100k-chunk assistant takes
   * seconds to read). Unset: every refresh is waited for.
   */
  fillInBackgroundOver?: number;
  /** Runs such a background read in the database's background lane (see DatabaseLanes), behind searches and chat. */
  inBackground?: <R>(work: () => Promise<R>) => Promise<R>;
}

/** An index's options with their defaults: all but the shared parts of its cache (fingerprints, files, lane), which have none. */
export type OwnCacheOptions<O extends DocumentCacheOptions> = Required<Omit<O, 'fingerprints' | 'snapshots' | 'inBackground'>>;

/** What `get` answers while an assistant's parts are still being read in the background. */
export const FILLING = 'filling';

interface ListedDocument {
  id: string;
  stamp: string;
  chunks: number;
  generation: number;
}

/** How long an entry stays unchanged before its file is written (a fill changes it batch after batch). */
const SAVE_AFTER_MS = 2000;

/**
 * Per-assistant copies of the ready documents' index data, kept in this process and checked
 * against the database before each use. Each document's stamp is its `updated_at`, chunk count and
 * live generation (a ready document's chunks change only with them: ingest and re-index go through
 * `processing`). Each use asks for one row, the count and a hash sum of the stamps; only when it
 * changed are the documents listed (a list of thousands of documents per search cost more than
 * the search), so documents made ready, re-indexed or deleted by any process (API or worker) are
 * read again or dropped; the rest stay. Memory is bounded: the least
 * recently used assistants go first, and an assistant that alone would not fit is not cached
 * (`get` answers null; the caller searches in SQL). With `snapshots`, each entry is also kept in a
 * file once it stops changing, and an assistant not in memory starts from its file: only the
 * documents whose stamps differ are read from the database.
 */
export class DocumentCache<T extends CachedPart, C = undefined> {
  /** Insertion order = least recently used first. */
  private readonly entries = new Map<string, Entry<T, C>>();
  /** One refresh at a time per key: concurrent searches share it. */
  private readonly refreshing = new Map<string, Promise<CachedAssistant<T, C> | null | typeof FILLING>>();
  /** Refreshes going on in the background, by key (see DocumentCacheOptions.fillInBackgroundOver). */
  private readonly filling = new Map<string, Promise<CachedAssistant<T, C> | null>>();
  private total = 0;
  private clock = 0;
  /**
   * Documents forgotten while a refresh was reading (its entry is out of `entries` then, so the
   * drop above cannot reach it): by when, on the `forgets` count. Cleared once no refresh is running.
   */
  private readonly forgottenAt = new Map<string, number>();
  private forgets = 0;
  /** Entries changed since their file was written, by key. */
  private readonly unsaved = new Map<string, NodeJS.Timeout>();
  /** Files are written one at a time, in order. */
  private writing: Promise<void> = Promise.resolve();

  private readonly fingerprints: KnowledgeFingerprints;
  private readonly snapshots?: CacheSnapshots;
  private readonly fillInBackgroundOver: number;
  private readonly inBackground: <R>(work: () => Promise<R>) => Promise<R>;

  constructor(
    private readonly sql: SqlQuery,
    private readonly maxBytes: number,
    { fingerprints, snapshots, fillInBackgroundOver = Infinity, inBackground = (work) => work() }: DocumentCacheOptions = {},
  ) {
    this.fingerprints = fingerprints ?? new KnowledgeFingerprints(sql);
    this.snapshots = snapshots;
    this.fillInBackgroundOver = fillInBackgroundOver;
    this.inBackground = inBackground;
  }

  get bytes(): number {
    return this.total;
  }

  /**
   * The assistant's parts, brought up to date; null when they would not fit; FILLING while a big
   * read goes on in the background (unless `wait`, as a warm-up does). `key` separates variants
   * (model, dimensions).
   */
  get(assistantId: string, key: string, loader: CacheLoader<T, C>, options: { wait: true }): Promise<CachedAssistant<T, C> | null>;
  get(assistantId: string, key: string, loader: CacheLoader<T, C>, options?: { wait?: boolean }): Promise<CachedAssistant<T, C> | null | typeof FILLING>;
  get(assistantId: string, key: string, loader: CacheLoader<T, C>, { wait = false } = {}): Promise<CachedAssistant<T, C> | null | typeof FILLING> {
    const full = `${assistantId}\u0000${key}`;
    const filling = this.filling.get(full);
    if (filling) return wait ? filling : Promise.resolve(FILLING);
    let pending = this.refreshing.get(full);
    if (!pending) {
      pending = this.refresh(full, assistantId, loader).finally(() => {
        this.refreshing.delete(full);
        this.forgetForgottenWhenIdle();
      });
      this.refreshing.set(full, pending);
    }
    if (!wait) return pending;
    // The refresh went on in the background: the filled entry is what was waited for.
    return pending.then((answer) => (answer === FILLING ? (this.filling.get(full) ?? null) : answer));
  }

  private forgetForgottenWhenIdle(): void {
    if (this.refreshing.size === 0 && this.filling.size === 0) this.forgottenAt.clear();
  }

  /** Drops a document everywhere (this process wrote or deleted its rows); the next `get` reads it again. */
  forgetDocument(documentId: string): void {
    for (const [key, entry] of this.entries) if (this.drop(entry, documentId)) this.saveLater(key);
    if (this.refreshing.size > 0 || this.filling.size > 0) this.forgottenAt.set(documentId, ++this.forgets);
  }

  /** Writes the files of entries changed since their last write, now (at shutdown). */
  async flush(): Promise<void> {
    for (const key of [...this.unsaved.keys()]) this.save(key);
    await this.writing;
  }

  private async refresh(key: string, assistantId: string, loader: CacheLoader<T, C>): Promise<CachedAssistant<T, C> | null | typeof FILLING> {
    const since = this.forgets;
    const fingerprint = await this.fingerprints.of(assistantId);
    const inMemory = this.entries.get(key);
    if (inMemory?.view && inMemory.fingerprint === fingerprint) {
      this.entries.delete(key);
      this.entries.set(key, inMemory);
      return inMemory.view;
    }
    const listed = await this.sql.query<ListedDocument>(
      `SELECT id, ${STAMP} AS stamp, chunk_count AS chunks, live_generation AS generation
       FROM knowledge_documents WHERE assistant_id = $1::uuid AND live_generation IS NOT NULL ORDER BY id`,
      [assistantId],
    );
    const known = inMemory ?? (await this.restore(key, loader));
    const entry: Entry<T, C> = known ?? { documents: new Map(), context: loader.context?.() as C, bytes: 0, version: ++this.clock, codec: loader.codec };
    const versionAtStart = entry.version;
    this.entries.delete(key);
    const wanted = new Map(listed.map((d) => [d.id, d.stamp]));
    for (const [id, cached] of entry.documents) if (wanted.get(id) !== cached.stamp) this.drop(entry, id);
    const missing = listed.filter((d) => !entry.documents.has(d.id));
    const fill = () => this.fill(key, entry, { listed, missing, since, fingerprint, versionAtStart }, loader);
    if (missing.reduce((sum, d) => sum + Number(d.chunks), 0) <= this.fillInBackgroundOver) return fill();
    const filling = this.inBackground(fill).finally(() => {
      this.filling.delete(key);
      this.forgetForgottenWhenIdle();
    });
    this.filling.set(key, filling);
    // Nobody may be waiting: a failed read is tried again by the next search.
    filling.catch(() => undefined);
    return FILLING;
  }

  /** Reads the missing documents into the entry (out of `entries` meanwhile) and puts it back; null when it does not fit. */
  private async fill(
    key: string,
    entry: Entry<T, C>,
    {
      listed,
      missing,
      since,
      fingerprint,
      versionAtStart,
    }: { listed: { id: string }[]; missing: ListedDocument[]; since: number; fingerprint: string; versionAtStart: number },
    { load, loadTogether, estimate, batchChunks }: CacheLoader<T, C>,
  ): Promise<CachedAssistant<T, C> | null> {
    let expected = missing.reduce((sum, d) => sum + estimate(Number(d.chunks)), 0);
    const tooBig = () => entry.bytes + expected > this.maxBytes;
    for (const batch of batches(missing, batchChunks)) {
      if (tooBig()) break;
      expected -= batch.reduce((sum, d) => sum + estimate(Number(d.chunks)), 0);
      const wanted = batch.map((d) => ({ id: d.id, generation: Number(d.generation) }));
      const parts = wanted.length === 1 ? new Map([[wanted[0].id, await load(wanted[0], entry.context)]]) : await loadTogether(wanted, entry.context);
      for (const { id, stamp } of batch) {
        const part = parts.get(id);
        if (!part) continue;
        entry.documents.set(id, { stamp, part });
        entry.bytes += part.bytes;
        this.total += part.bytes;
      }
      entry.version = ++this.clock;
    }
    // A document forgotten meanwhile may have been read before its rows changed: out, and listed again next time.
    let forgotten = false;
    for (const [id, at] of this.forgottenAt) {
      if (at <= since || !entry.documents.has(id)) continue;
      this.drop(entry, id);
      forgotten = true;
    }
    if (tooBig()) {
      this.clear(key, entry);
      return null;
    }
    this.entries.set(key, entry);
    if (entry.version !== versionAtStart) this.saveLater(key);
    // Least recently used first, until the rest fit (the one just used stays).
    for (const [other, older] of this.entries) {
      if (this.total <= this.maxBytes) break;
      if (other === key) continue;
      this.clear(other, older);
      this.entries.delete(other);
    }
    // In the database's order, so that ties rank the same on every refresh.
    const parts = listed.flatMap((d) => {
      const cached = entry.documents.get(d.id);
      return cached ? [cached.part] : [];
    });
    const view: CachedAssistant<T, C> = {
      parts,
      context: entry.context,
      derived: <V>(build: (parts: T[]) => V): V => {
        if (entry.derived?.version !== entry.version) entry.derived = { version: entry.version, value: build(parts) };
        return entry.derived.value as V;
      },
    };
    // Taken before the list: a document changed since then changes the next fingerprint, and is listed again.
    entry.fingerprint = forgotten ? undefined : fingerprint;
    entry.view = view;
    return view;
  }

  /** The entry kept in the key's file, if there is one this code can read (another is removed). */
  private async restore(key: string, { codec }: CacheLoader<T, C>): Promise<Entry<T, C> | undefined> {
    if (!codec) return undefined;
    const bytes = await this.snapshots?.read(key);
    if (!bytes) return undefined;
    let restored: ReturnType<typeof codec.decode>;
    try {
      restored = codec.decode(bytes);
    } catch {
      await this.snapshots?.remove(key).catch(() => undefined);
      return undefined;
    }
    const entry: Entry<T, C> = { documents: new Map(restored.documents), context: restored.context, bytes: 0, version: ++this.clock, codec };
    for (const { part } of entry.documents.values()) entry.bytes += part.bytes;
    this.total += entry.bytes;
    return entry;
  }

  /** Writes the key's file once its entry has not changed for a moment. */
  private saveLater(key: string): void {
    if (!this.snapshots) return;
    clearTimeout(this.unsaved.get(key));
    this.unsaved.set(key, setTimeout(() => this.save(key), SAVE_AFTER_MS).unref());
  }

  /** The entry as it is now, into its file (an entry gone or empty: the file goes). */
  private save(key: string): void {
    const snapshots = this.snapshots;
    if (!snapshots) return;
    clearTimeout(this.unsaved.get(key));
    this.unsaved.delete(key);
    const entry = this.entries.get(key);
    // Encoded now, in order by id (the database's order, which lets a restored entry's parts serve as one block).
    const chunks =
      entry?.documents.size && entry.codec
        ? entry.codec.encode(
            entry.context,
            [...entry.documents].sort(([a], [b]) => (a < b ? -1 : 1)),
          )
        : null;
    this.writing = this.writing
      .then(() => (chunks ? snapshots.write(key, chunks) : snapshots.remove(key)))
      // A file not written is only a slower next start; a half-written one is never read (written aside, then renamed).
      .catch(() => undefined);
  }

  private clear(key: string, entry: Entry<T, C>): void {
    for (const id of [...entry.documents.keys()]) this.drop(entry, id);
    entry.derived = undefined;
    entry.view = undefined;
    // Empty now: its file goes.
    this.save(key);
  }

  /** True when the entry held the document. */
  private drop(entry: Entry<T, C>, documentId: string): boolean {
    const cached = entry.documents.get(documentId);
    if (!cached) return false;
    entry.bytes -= cached.part.bytes;
    this.total -= cached.part.bytes;
    entry.documents.delete(documentId);
    entry.version = ++this.clock;
    entry.view = undefined;
    entry.fingerprint = undefined;
    return true;
  }
}

/** Consecutive documents grouped until a group holds `chunks` chunks; a bigger document goes alone. */
function batches<D extends { chunks: number }>(documents: D[], chunks: number): D[][] {
  const out: D[][] = [];
  let current: D[] = [];
  let held = 0;
  for (const document of documents) {
    const size = Number(document.chunks);
    if (current.length && held + size > chunks) {
      out.push(current);
      current = [];
      held = 0;
    }
    current.push(document);
    held += size;
  }
  if (current.length) out.push(current);
  return out;
}
