import type { SqlQuery } from '../store/document-store';

/** What one document contributes to an assistant's cached index, and what it costs in memory. */
export interface CachedPart {
  bytes: number;
}

interface Entry<T> {
  documents: Map<string, { stamp: string; part: T }>;
  bytes: number;
  /** New (from a clock of this cache) whenever a document comes or goes: the derived view rebuilds on change. */
  version: number;
  derived?: { version: number; value: unknown };
  /** The ready documents' fingerprint when `view` was made; while the database's is the same, `view` serves as it is. */
  fingerprint?: string;
  view?: CachedAssistant<T>;
}

/** A ready document to read: its id and live generation of chunks. */
export interface DocumentToLoad {
  id: string;
  generation: number;
}

/** How an index reads documents into the cache. */
export interface CacheLoader<T> {
  /** Reads one document's part (a big one in pages). */
  load: (document: DocumentToLoad) => Promise<T>;
  /** Reads several small documents' parts in one statement (one per document asked for, empty ones too). */
  loadTogether: (documents: DocumentToLoad[]) => Promise<Map<string, T>>;
  /** The bytes a document of so many chunks may take, to refuse an assistant before reading it. */
  estimate: (chunks: number) => number;
  /** Small documents are read together up to this many chunks (an assistant of thousands of pages would otherwise take a statement per page). */
  batchChunks: number;
}

export interface CachedAssistant<T> {
  /** The ready documents' parts, in a stable order. */
  parts: T[];
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

/**
 * Per-assistant copies of the ready documents' index data, kept in this process and checked
 * against the database before each use. Each document's stamp is its `updated_at`, chunk count and
 * live generation (a ready document's chunks change only with them: ingest and re-index go through
 * `processing`). Each use asks for one row, the count and a hash sum of the stamps; only when it
 * changed are the documents listed (a list of thousands of documents per search cost more than
 * the search), so documents made ready, re-indexed or deleted by any process (API or worker) are
 * read again or dropped; the rest stay. Memory is bounded: the least
 * recently used assistants go first, and an assistant that alone would not fit is not cached
 * (`get` answers null; the caller searches in SQL).
 */
export class DocumentCache<T extends CachedPart> {
  /** Insertion order = least recently used first. */
  private readonly entries = new Map<string, Entry<T>>();
  /** One refresh at a time per key: concurrent searches share it. */
  private readonly refreshing = new Map<string, Promise<CachedAssistant<T> | null>>();
  private total = 0;
  private clock = 0;
  /**
   * Documents forgotten while a refresh was reading (its entry is out of `entries` then, so the
   * drop above cannot reach it): by when, on the `forgets` count. Cleared once no refresh is running.
   */
  private readonly forgottenAt = new Map<string, number>();
  private forgets = 0;

  private readonly fingerprints: KnowledgeFingerprints;

  /** `fingerprints`: shared by the caches of one search (the text and the vector leg ask at the same moment). */
  constructor(
    private readonly sql: SqlQuery,
    private readonly maxBytes: number,
    fingerprints?: KnowledgeFingerprints,
  ) {
    this.fingerprints = fingerprints ?? new KnowledgeFingerprints(sql);
  }

  get bytes(): number {
    return this.total;
  }

  /**
   * The assistant's parts, brought up to date; null when they would not fit. `key` separates
   * variants (model, dimensions).
   */
  get(assistantId: string, key: string, loader: CacheLoader<T>): Promise<CachedAssistant<T> | null> {
    const full = `${assistantId}\u0000${key}`;
    let pending = this.refreshing.get(full);
    if (!pending) {
      pending = this.refresh(full, assistantId, loader).finally(() => {
        this.refreshing.delete(full);
        if (this.refreshing.size === 0) this.forgottenAt.clear();
      });
      this.refreshing.set(full, pending);
    }
    return pending;
  }

  /** Drops a document everywhere (this process wrote or deleted its rows); the next `get` reads it again. */
  forgetDocument(documentId: string): void {
    for (const entry of this.entries.values()) this.drop(entry, documentId);
    if (this.refreshing.size > 0) this.forgottenAt.set(documentId, ++this.forgets);
  }

  private async refresh(key: string, assistantId: string, { load, loadTogether, estimate, batchChunks }: CacheLoader<T>): Promise<CachedAssistant<T> | null> {
    const since = this.forgets;
    const fingerprint = await this.fingerprints.of(assistantId);
    const known = this.entries.get(key);
    if (known?.view && known.fingerprint === fingerprint) {
      this.entries.delete(key);
      this.entries.set(key, known);
      return known.view;
    }
    const listed = await this.sql.query<{ id: string; stamp: string; chunks: number; generation: number }>(
      `SELECT id, ${STAMP} AS stamp, chunk_count AS chunks, live_generation AS generation
       FROM knowledge_documents WHERE assistant_id = $1::uuid AND live_generation IS NOT NULL ORDER BY id`,
      [assistantId],
    );
    const entry: Entry<T> = known ?? { documents: new Map(), bytes: 0, version: ++this.clock };
    this.entries.delete(key);
    const wanted = new Map(listed.map((d) => [d.id, d.stamp]));
    for (const [id, cached] of entry.documents) if (wanted.get(id) !== cached.stamp) this.drop(entry, id);
    const missing = listed.filter((d) => !entry.documents.has(d.id));
    let expected = missing.reduce((sum, d) => sum + estimate(Number(d.chunks)), 0);
    const tooBig = () => entry.bytes + expected > this.maxBytes;
    for (const batch of batches(missing, batchChunks)) {
      if (tooBig()) break;
      expected -= batch.reduce((sum, d) => sum + estimate(Number(d.chunks)), 0);
      const wanted = batch.map((d) => ({ id: d.id, generation: Number(d.generation) }));
      const parts = wanted.length === 1 ? new Map([[wanted[0].id, await load(wanted[0])]]) : await loadTogether(wanted);
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
      this.clear(entry);
      return null;
    }
    this.entries.set(key, entry);
    // Least recently used first, until the rest fit (the one just used stays).
    for (const [other, older] of this.entries) {
      if (this.total <= this.maxBytes) break;
      if (other === key) continue;
      this.clear(older);
      this.entries.delete(other);
    }
    // In the database's order, so that ties rank the same on every refresh.
    const parts = listed.flatMap((d) => {
      const cached = entry.documents.get(d.id);
      return cached ? [cached.part] : [];
    });
    const view: CachedAssistant<T> = {
      parts,
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

  private clear(entry: Entry<T>): void {
    for (const id of [...entry.documents.keys()]) this.drop(entry, id);
    entry.derived = undefined;
    entry.view = undefined;
  }

  private drop(entry: Entry<T>, documentId: string): void {
    const cached = entry.documents.get(documentId);
    if (!cached) return;
    entry.bytes -= cached.part.bytes;
    this.total -= cached.part.bytes;
    entry.documents.delete(documentId);
    entry.version = ++this.clock;
    entry.view = undefined;
    entry.fingerprint = undefined;
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
