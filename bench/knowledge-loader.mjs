// Puts corpus pages (bench/real-corpus.mjs: chunks and their vectors, already made) into an
// assistant's knowledge base through the product's own write path for ingest: the chunk rows by
// the document store's `replaceChunks`, the vectors by the search stack's vector index, the words by its text index (the
// adapters createSearchStack picks for this database, as the ingest activities use them). Only the
// document rows are written here, ready, as an ingest leaves them; the uploaded files are not
// stored (search never reads them). Uploading 100k chunks over HTTP would embed them all again.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { root } from './support.mjs';

const require = createRequire(import.meta.url);
const dist = (path) => require(join(root, 'dist', path));
export const MODEL = 'all-minilm-l6-v2-q';

/** The search stack the API would build on `db` (model loading and cache warm-up off: nothing is searched by it here unless the caller does). */
export function searchStack({ db, config }) {
  const { createSearchStack } = dist('libs/runtime/src/index.js');
  return createSearchStack(config, db.prisma, (message) => console.warn(message), { warmUp: false, database: db });
}

/**
 * Writes `pages` as ready documents of `assistantId`; `stack` indexes them (one is built and closed
 * when none is given). Returns the seconds it took and the document id of each page (by name).
 */
export async function loadPages(opened, assistantId, pages, { stack, label = 'loading' } = {}) {
  const { PostgresDocumentStore } = dist('libs/adapters/src/index.js');
  const { db } = opened;
  const store = new PostgresDocumentStore(db.prisma, db.sql);
  const own = !stack;
  stack ??= searchStack(opened);
  const started = performance.now();
  let lastReport = started;
  let chunks = 0;
  const documents = new Map();
  try {
    for (const [i, page] of pages.entries()) {
      const id = randomUUID();
      const tokens = page.chunks.reduce((sum, c) => sum + c.tokenCount, 0);
      await db.sql.query(
        `INSERT INTO knowledge_documents (id, assistant_id, filename, mime_type, size_bytes, checksum, status, progress, live_generation, chunk_count, token_count, updated_at)
         VALUES ($1::uuid, $2::uuid, $3, 'text/html', $4, $5, 'ready', 100, 0, $6, $7, now())`,
        [id, assistantId, page.filename, page.bytes, page.checksum, page.chunks.length, tokens],
      );
      await store.replaceChunks({ id, assistantId }, page.chunks);
      const rows = await db.sql.query(`SELECT id, position FROM chunks WHERE document_id = $1::uuid ORDER BY position`, [id]);
      const indexed = rows.map((row) => ({
        chunkId: row.id,
        assistantId,
        documentId: id,
        text: page.chunks[row.position].text,
        metadata: page.chunks[row.position].metadata,
        vector: page.vectors[row.position],
      }));
      await stack.vectors.upsert(indexed, MODEL);
      await stack.texts.index(indexed);
      documents.set(page.name, id);
      chunks += rows.length;
      const now = performance.now();
      if (now - lastReport > 15_000) {
        lastReport = now;
        console.log(`  ${label}: ${i + 1}/${pages.length} pages, ${chunks} chunks, ${(chunks / ((now - started) / 1000)).toFixed(0)} chunks/s`);
      }
    }
    // Statistics for the planner, as autovacuum would gather them on a server that ran for a while.
    await db.sql.query('ANALYZE');
  } finally {
    if (own) await stack.close();
  }
  return { seconds: (performance.now() - started) / 1000, chunks, documents };
}
