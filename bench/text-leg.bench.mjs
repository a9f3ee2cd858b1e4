// The text leg alone at 10k chunks: the PostgreSQL full text before this change (to_tsvector on
// every row per query, no index), the stored per-language tsvector with its GIN index, and BM25
// on a real OpenSearch node. p50/p95 of sequential single-query latency, plus indexing time.
// PostgreSQL when BENCH_DATABASE_URL is set (a scratch database is made and dropped), else the embedded default.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { freshDatabase } from './product-database.mjs';
import { EN, RU } from './search-corpus.mjs';
import { measure, report, root } from './support.mjs';

const require = createRequire(import.meta.url);
const { OpenSearchTextIndex, PostgresTextIndex } = require(join(root, 'dist/libs/adapters/src/index.js'));
const { startOpenSearch } = require(join(root, 'scripts/opensearch-server.cjs'));

const CHUNKS = Number(process.env.BENCH_CHUNKS ?? 10_000);
const QUERIES = 200;

let seed = 7;
const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
const words = (vocabulary, n) => Array.from({ length: n }, () => vocabulary[next() % vocabulary.length]).join(' ');

export async function run() {
  const scratch = await freshDatabase(process.env.BENCH_DATABASE_URL ? 'postgres' : 'embedded');
  const { db } = await scratch.open();
  const node = await startOpenSearch();
  try {
    const [user, assistant, document] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    await db.sql.query(`INSERT INTO users (id, email, name, updated_at) VALUES ($1, 'bench@t.test', 'b', now())`, [user]);
    await db.sql.query(`INSERT INTO assistants (id, name, llm_model, owner_id, updated_at) VALUES ($1, 'a', 'm', $2, now())`, [assistant, user]);
    await db.sql.query(
      `INSERT INTO knowledge_documents (id, assistant_id, filename, mime_type, size_bytes, checksum, status, live_generation, updated_at) VALUES ($1, $2, 'f', 't', 1, 'c', 'ready', 0, now())`,
      [document, assistant],
    );
    // Two thirds English, one third Russian, 150 words each.
    const chunks = Array.from({ length: CHUNKS }, (_, i) => ({
      chunkId: crypto.randomUUID(),
      assistantId: assistant,
      documentId: document,
      text: words(i % 3 === 2 ? RU : EN, 150),
    }));
    for (let i = 0; i < chunks.length; i += 500) {
      const batch = chunks.slice(i, i + 500);
      const values = batch.map((_, j) => `($${j * 2 + 1}::uuid, '${document}'::uuid, '${assistant}'::uuid, ${i + j}, $${j * 2 + 2}, 150)`).join(',');
      await db.sql.query(
        `INSERT INTO chunks (id, document_id, assistant_id, position, text, token_count) VALUES ${values}`,
        batch.flatMap((c) => [c.chunkId, c.text]),
      );
    }
    const queries = Array.from({ length: QUERIES }, (_, i) => words(i % 3 === 2 ? RU : EN, 4));
    console.log(`${CHUNKS} chunks of 150 words on ${scratch.label}; ${QUERIES} queries of 4 words, top 30`);

    const before = await measure(Math.min(QUERIES, 40), 1, async (i) => {
      const q = queries[i].split(' ').join(' | ');
      await db.sql.query(
        `SELECT c.id FROM chunks c WHERE c.assistant_id = $1::uuid AND to_tsvector('simple', c.text) @@ to_tsquery('simple', $2)
         ORDER BY ts_rank(to_tsvector('simple', c.text), to_tsquery('simple', $2)) DESC LIMIT 30`,
        [assistant, q],
      );
    });
    report(`before: to_tsvector per row (${scratch.label})`, before);

    const postgres = new PostgresTextIndex(db.prisma);
    let t0 = performance.now();
    await postgres.index(chunks);
    console.log(`postgres: tsvector + GIN for ${CHUNKS} chunks in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    report(`postgres GIN, per-language (${scratch.label})`, await measure(QUERIES, 1, (i) => postgres.search(assistant, queries[i], 30)));

    const opensearch = new OpenSearchTextIndex({ url: node.url }, { index: 'bench-chunks', refresh: false });
    t0 = performance.now();
    await opensearch.index(chunks);
    await fetch(`${node.url}/bench-chunks/_refresh`, { method: 'POST' });
    console.log(`opensearch: bulk-indexed ${CHUNKS} chunks in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    report('opensearch BM25', await measure(QUERIES, 1, (i) => opensearch.search(assistant, queries[i], 30)));
    await opensearch.close();
  } finally {
    await node.stop();
    await db.close();
    await scratch.drop();
  }
}
