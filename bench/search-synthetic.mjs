// The synthetic search benchmark (what `bench -- search` measured before issue 15), kept as one
// labelled line beside the real-text figures: hybrid search at BENCH_SYNTHETIC_SIZES chunks (default
// 10000) of one assistant, chunks of 150 words drawn from a 150-word vocabulary (two thirds English,
// one third Russian) and random unit vectors of 384 dimensions put in by SQL; questions are 4 words
// of the same vocabulary with a random unit vector (no model runs). Real text ranks and costs
// differently (bench/search.bench.mjs). p50/p95 of sequential single queries, each leg alone and
// both fused; the vector leg's recall@10 against exact cosine on the first 50 questions.
import { loadavg } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { freshDatabase } from './product-database.mjs';
import { EN, RU } from './search-corpus.mjs';
import { measure, report, root } from './support.mjs';

const require = createRequire(import.meta.url);
const { createSearchStack } = require(join(root, 'dist/libs/runtime/src/index.js'));
const { loadConfig } = require(join(root, 'dist/libs/config/src/index.js'));

const SIZES = (process.env.BENCH_SYNTHETIC_SIZES ?? '10000').split(',').filter(Boolean).map(Number);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 200);
const DIMENSIONS = 384;
const MODEL = 'bench-random-384';
const RECALL_QUESTIONS = 50;
const K = 10;

/** The exact top K of each question's vector among the assistant's, read in pages (float64 dot products of unit vectors). */
async function exactTop(sql, assistantId, questions) {
  const best = questions.map(() => []);
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const page = await sql.query(
      `SELECT chunk_id, embedding FROM chunk_vectors WHERE assistant_id = $1::uuid AND model = $2 AND chunk_id > $3::uuid ORDER BY chunk_id LIMIT 5000`,
      [assistantId, MODEL, after],
    );
    for (const row of page) {
      const e = row.embedding.map(Number);
      questions.forEach((q, i) => {
        let dot = 0;
        for (let j = 0; j < DIMENSIONS; j++) dot += e[j] * q.vector[j];
        const top = best[i];
        if (top.length < K || dot > top[top.length - 1].dot) {
          top.push({ id: row.chunk_id, dot });
          top.sort((a, b) => b.dot - a.dot);
          top.length = Math.min(top.length, K);
        }
      });
    }
    if (page.length < 5000) break;
    after = page[page.length - 1].chunk_id;
  }
  return best.map((top) => new Set(top.map((t) => t.id)));
}

/** Mean share of the exact top K the leg found in its own top K. */
async function recall(search, questions, truth) {
  let found = 0;
  for (let i = 0; i < truth.length; i++) {
    const hits = await search(questions[i]);
    found += hits.slice(0, K).filter((h) => truth[i].has(h.chunkId)).length;
  }
  return found / (truth.length * K);
}

let seed = 7;
const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 1);
const words = (vocabulary, n) => Array.from({ length: n }, () => vocabulary[next() % vocabulary.length]).join(' ');
const unitVector = () => {
  const v = Array.from({ length: DIMENSIONS }, () => (next() / 2 ** 31) * 2 - 1);
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
};

/** Chunks `from`..`to`-1 with their vectors, in statements of 2000 rows; vectors made by the database itself. */
async function addChunks(sql, ids, from, to) {
  for (let i = from; i < to; i += 2000) {
    const n = Math.min(2000, to - i);
    const texts = Array.from({ length: n }, (_, j) => words((i + j) % 3 === 2 ? RU : EN, 150));
    await sql.query(
      `INSERT INTO chunks (id, document_id, assistant_id, position, text, token_count)
       SELECT gen_random_uuid(), $1::uuid, $2::uuid, $3 + t.n - 1, t.text, 150 FROM unnest($4::text[]) WITH ORDINALITY AS t(text, n)`,
      [ids.document, ids.assistant, i, texts],
    );
    // Uniform in the cube, then normalised; the position term keeps random() per row.
    await sql.query(
      `INSERT INTO chunk_vectors (chunk_id, assistant_id, document_id, model, embedding)
       SELECT c.id, c.assistant_id, c.document_id, $1, v.e FROM chunks c CROSS JOIN LATERAL (
         SELECT array_agg(x / sqrt(s) ORDER BY g)::real[] AS e FROM (
           SELECT g, x, sum(x * x) OVER () AS s FROM (SELECT g, random() * 2 - 1 + 0 * c.position AS x FROM generate_series(1, ${DIMENSIONS}) g) a
         ) b
       ) v
       WHERE c.document_id = $2::uuid AND c.position >= $3 AND c.position < $4`,
      [MODEL, ids.document, i, i + n],
    );
  }
}

async function benchDatabase(kind) {
  const scratch = await freshDatabase(kind);
  const { db } = await scratch.open();
  const rows = [];
  try {
    const ids = { user: crypto.randomUUID(), assistant: crypto.randomUUID(), document: crypto.randomUUID() };
    await db.sql.query(`INSERT INTO users (id, email, name, updated_at) VALUES ($1, 'bench@t.test', 'b', now())`, [ids.user]);
    await db.sql.query(`INSERT INTO assistants (id, name, llm_model, owner_id, updated_at) VALUES ($1, 'a', 'm', $2, now())`, [ids.assistant, ids.user]);
    await db.sql.query(
      `INSERT INTO knowledge_documents (id, assistant_id, filename, mime_type, size_bytes, checksum, status, live_generation, updated_at) VALUES ($1, $2, 'f', 't', 1, 'c', 'ready', 0, now())`,
      [ids.document, ids.assistant],
    );
    // A second assistant with a tenth as many chunks: the filters have something to leave out.
    const other = { user: ids.user, assistant: crypto.randomUUID(), document: crypto.randomUUID() };
    await db.sql.query(`INSERT INTO assistants (id, name, llm_model, owner_id, updated_at) VALUES ($1, 'b', 'm', $2, now())`, [other.assistant, ids.user]);
    await db.sql.query(
      `INSERT INTO knowledge_documents (id, assistant_id, filename, mime_type, size_bytes, checksum, status, live_generation, updated_at) VALUES ($1, $2, 'g', 't', 1, 'd', 'ready', 0, now())`,
      [other.document, other.assistant],
    );
    const config = loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(32) });
    let stored = 0;
    for (const size of SIZES) {
      let t0 = performance.now();
      await addChunks(db.sql, ids, stored, size);
      await addChunks(db.sql, other, stored / 10, size / 10);
      stored = size;
      const loadSeconds = (performance.now() - t0) / 1000;
      // The stored rows' words indexed (their tsvectors written), as ingest would.
      t0 = performance.now();
      const stack = createSearchStack(config, db.prisma, (m) => console.warn(m), { warmUp: false, database: db });
      await stack.texts.index(
        await db.sql.query(`SELECT id AS "chunkId", assistant_id AS "assistantId", document_id AS "documentId", text FROM chunks WHERE search_vector IS NULL`),
      );
      await db.sql.query(`ANALYZE`);
      const indexSeconds = (performance.now() - t0) / 1000;
      console.log(
        `${scratch.label}, ${size} chunks: stored in ${loadSeconds.toFixed(0)} s, indexed (${stack.texts.engine} + ${stack.vectors.engine}) in ${indexSeconds.toFixed(0)} s`,
      );

      const questions = Array.from({ length: QUERIES }, (_, i) => ({ text: words(i % 3 === 2 ? RU : EN, 4), vector: unitVector() }));
      t0 = performance.now();
      const truth = await exactTop(db.sql, ids.assistant, questions.slice(0, RECALL_QUESTIONS));
      console.log(`exact top ${K} of ${truth.length} questions in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      let current = 0;
      // The query's embedding is the question's random vector: the retriever is timed, not a model.
      const embedder = { model: MODEL, dimensions: DIMENSIONS, embed: async () => [questions[current].vector] };
      const { HybridRetriever } = require(join(root, 'dist/libs/adapters/src/index.js'));
      const hybrid = new HybridRetriever(db.prisma, { text: stack.texts, vector: { index: stack.vectors, embedder } }, { legTimeoutMs: 60_000 }, db.sql);
      // Exact cosine reads every vector per query: at 100k a handful of queries tells enough.
      const n = stack.vectors.engine === 'database' && size > 20_000 ? Math.min(QUERIES, 20) : QUERIES;
      // The first search of each leg starts filling its in-process cache (and answers from SQL when it is big).
      t0 = performance.now();
      await stack.texts.search(ids.assistant, questions[0].text, 30);
      const firstText = (performance.now() - t0) / 1000;
      t0 = performance.now();
      // How long the cold load holds the thread at a time.
      let firstSearchBlock = 0;
      let tick = performance.now();
      const ticker = setInterval(() => {
        const now = performance.now();
        firstSearchBlock = Math.max(firstSearchBlock, now - tick);
        tick = now;
      }, 1);
      await stack.vectors.search(ids.assistant, MODEL, questions[0].vector, 30);
      clearInterval(ticker);
      const firstSearch = (performance.now() - t0) / 1000;
      // The timed searches come once the caches are whole.
      await stack.texts.warm?.(ids.assistant);
      await stack.vectors.warm?.(ids.assistant, MODEL, DIMENSIONS);
      await hybrid.retrieve(ids.assistant, questions[0].text, 10); // warm-up
      const load = loadavg()[0];
      const text = await measure(n, 1, (i) => stack.texts.search(ids.assistant, questions[i].text, 30));
      report(`text ${stack.texts.engine} ${size}`, text);
      const vectorSearch = (q) => stack.vectors.search(ids.assistant, MODEL, q.vector, 30);
      const vector = await measure(n, 1, (i) => vectorSearch(questions[i]));
      const vectorRecall = await recall(vectorSearch, questions, truth);
      const label = stack.vectors.engine;
      report(`vector ${label} ${size}`, vector);
      console.log(`  recall@${K} against exact: ${vectorRecall.toFixed(3)}`);
      const both = await measure(n, 1, (i) => ((current = i), hybrid.retrieve(ids.assistant, questions[i].text, 10)));
      report(`hybrid ${scratch.label} ${size} (${label})`, both);
      const variants = [{ label, vector, recall: vectorRecall, both }];
      rows.push({
        db: scratch.label,
        size,
        engines: `${stack.texts.engine} + ${label}`,
        text,
        vector,
        recall: vectorRecall,
        both,
        indexSeconds,
        firstText,
        firstSearch,
        firstSearchBlock,
        load,
        variants,
      });
      await stack.close();
    }
  } finally {
    await db.close();
    await scratch.drop();
  }
  return rows;
}

/** Rows of the synthetic run on each of `databases` (embedded, postgres); none when BENCH_SYNTHETIC_SIZES is empty. */
export async function runSynthetic(databases) {
  const rows = [];
  if (!SIZES.length) return rows;
  for (const kind of databases) rows.push(...(await benchDatabase(kind)));
  return rows;
}
