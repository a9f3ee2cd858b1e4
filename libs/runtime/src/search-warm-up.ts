import { CachedBm25TextIndex, CachedVectorIndex, type SqlQuery } from '@assistants/adapters';
import type { Database } from '@assistants/db';
import type { SearchStack } from './wiring';

export interface WarmUpReport {
  assistants: number;
  bytes: number;
  ms: number;
}

/** Assistants looked at, at most: a start-up fills the caches for the ones people use, not all. */
const MAX_ASSISTANTS = 50;

/**
 * Fills the in-process search caches (BM25 postings on PostgreSQL, vectors on both databases) for
 * the assistants chatted with most recently, so that the first question after a start does not
 * wait for them: reading 100k chunks takes seconds, past the legs' timeout, and such a turn would
 * answer from one leg. Stops once a cache is half full (an assistant warmed later would push out
 * one warmed earlier, and searches fill the rest on first use). Run it in the database's
 * background lane: chat's queries go first. Nothing to do with external engines or pgvector.
 */
export async function warmSearchCaches(stack: Pick<SearchStack, 'texts' | 'vectors' | 'embedder'>, sql: SqlQuery): Promise<WarmUpReport> {
  const started = performance.now();
  const caches = [stack.texts, stack.vectors].filter((index) => index instanceof CachedBm25TextIndex || index instanceof CachedVectorIndex) as (
    CachedBm25TextIndex | CachedVectorIndex
  )[];
  const bytes = () => caches.reduce((sum, cache) => sum + cache.cachedBytes, 0);
  const halfFull = () => caches.some((cache) => cache.cachedBytes >= cache.maxCachedBytes / 2);
  let assistants = 0;
  if (caches.length) {
    const recent = await sql.query<{ id: string }>(
      `SELECT a.id FROM assistants a
       WHERE EXISTS (SELECT 1 FROM knowledge_documents d WHERE d.assistant_id = a.id AND d.live_generation IS NOT NULL)
       ORDER BY (SELECT max(c.updated_at) FROM conversations c WHERE c.assistant_id = a.id) DESC NULLS LAST, a.updated_at DESC
       LIMIT ${MAX_ASSISTANTS}`,
    );
    const { model, dimensions } = stack.embedder;
    for (const { id } of recent) {
      if (halfFull()) break;
      for (const cache of caches) {
        if (cache instanceof CachedVectorIndex) await cache.warm(id, model, dimensions);
        else await cache.warm(id);
      }
      assistants++;
    }
  }
  return { assistants, bytes: bytes(), ms: performance.now() - started };
}

/** Warms the caches in the background lane of `db`, not holding up the caller; says what it did, or why it stopped. */
export function startSearchCacheWarmUp(
  stack: Pick<SearchStack, 'texts' | 'vectors' | 'embedder'>,
  db: Pick<Database, 'sql' | 'lanes'>,
  log: { log(message: string): void; warn(message: string): void },
): Promise<void> {
  return db.lanes
    .inBackground(() => warmSearchCaches(stack, db.sql))
    .then(({ assistants, bytes, ms }) => {
      if (assistants) log.log(`search caches warmed for ${assistants} assistant(s): ${(bytes / 1e6).toFixed(1)} MB in ${(ms / 1000).toFixed(1)} s`);
    })
    .catch((error: Error) => log.warn(`search caches were not warmed (${error.message}); they fill on each assistant's first search`));
}
