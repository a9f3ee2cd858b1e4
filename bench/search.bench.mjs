// Hybrid search on real documentation (bench/real-corpus.mjs: Debian's English and Russian HTML
// manuals cut by the product's parse + chunk step, vectors from the local model) at about 10k and
// 100k chunks of one assistant, in this process on the search stack the product builds for the
// database: the embedded default for a fresh DATA_DIR and, with BENCH_DATABASE_URL, a fresh
// database on that PostgreSQL server. The corpus goes in through the product's ingest writes
// (bench/knowledge-loader.mjs). Questions are the corpus's own headings phrased as questions (half
// English, half Russian), their vectors made ahead by the same model: the retriever is timed here
// and the question's embedding alone (`search-http` times them together, as users get them).
// p50/p95 of sequential single queries: each leg alone, and the retriever as configured (fused,
// then reranked); the vector leg's recall@10 against exact cosine; how often the question's own
// page is among the ten passages; the first search of each leg (the caches are cold).
// One labelled line of the synthetic corpus this bench used before (bench/search-synthetic.mjs).
// BENCH_SIZES=10000,100000, BENCH_QUERIES (default 200), BENCH_DATABASES=embedded,postgres,
// BENCH_SYNTHETIC_SIZES=10000 ('' skips it) change the run.
import { loadavg } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { loadPages, MODEL, searchStack } from './knowledge-loader.mjs';
import { benchDatabases, freshDatabase } from './product-database.mjs';
import { closeEmbedder, loadCorpus } from './real-corpus.mjs';
import { runSynthetic } from './search-synthetic.mjs';
import { measure, report, root } from './support.mjs';

const require = createRequire(import.meta.url);
const dist = (path) => require(join(root, 'dist', path));

const SIZES = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 200);
const RECALL_QUESTIONS = 50;
const K = 10;

/** Exact top K by cosine over every vector of the corpus (unit vectors: dot products, in float64). */
function exactTop(pages, ids, question) {
  const top = [];
  pages.forEach((page, p) => {
    page.vectors.forEach((v, c) => {
      let dot = 0;
      for (let j = 0; j < v.length; j++) dot += v[j] * question[j];
      if (top.length < K || dot > top[top.length - 1].dot) {
        top.push({ id: ids[p][c], dot });
        top.sort((a, b) => b.dot - a.dot);
        top.length = Math.min(top.length, K);
      }
    });
  });
  return new Set(top.map((t) => t.id));
}

/** How long the longest single block of this thread lasted while `work` ran (a 1 ms ticker's worst gap). */
async function withStall(work) {
  let stall = 0;
  let tick = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    stall = Math.max(stall, now - tick);
    tick = now;
  }, 1);
  const t0 = performance.now();
  try {
    await work();
  } finally {
    clearInterval(ticker);
  }
  // A block that lasted to the end never let the ticker run again.
  stall = Math.max(stall, performance.now() - tick);
  return { seconds: (performance.now() - t0) / 1000, stall };
}

/** Chunk ids of each page, in the order of its chunks. */
async function chunkIds(sql, documents, pages) {
  return Promise.all(
    pages.map(async (page) =>
      (await sql.query(`SELECT id FROM chunks WHERE document_id = $1::uuid ORDER BY position`, [documents.get(page.name)])).map((r) => r.id),
    ),
  );
}

async function benchDatabase(kind) {
  const { HybridRetriever } = dist('libs/adapters/src/index.js');
  const { createReranker, hybridOptions } = dist('libs/runtime/src/index.js');
  const fresh = await freshDatabase(kind);
  const opened = await fresh.open();
  const { db, config } = opened;
  const rows = [];
  try {
    const [user, assistant] = [crypto.randomUUID(), crypto.randomUUID()];
    await db.sql.query(`INSERT INTO users (id, email, name, updated_at) VALUES ($1, 'bench@t.test', 'b', now())`, [user]);
    await db.sql.query(`INSERT INTO assistants (id, name, llm_model, owner_id, updated_at) VALUES ($1, 'Manuals', 'm', $2, now())`, [assistant, user]);
    const documents = new Map();
    for (const size of SIZES) {
      const corpus = await loadCorpus(size);
      console.log(`${fresh.label}, corpus ${size}: ${corpus.description}`);
      // Each size adds the pages the smaller one lacks (the 10k corpus is the start of the 100k one).
      const stack = searchStack(opened);
      const added = corpus.pages.filter((p) => !documents.has(p.name));
      const loaded = await loadPages(opened, assistant, added, { stack, label: `${fresh.label} ${size}` });
      for (const [name, id] of loaded.documents) documents.set(name, id);
      console.log(`  stored ${loaded.chunks} chunks in ${loaded.seconds.toFixed(0)} s (${stack.texts.engine} + ${stack.vectors.engine})`);

      const questions = corpus.questions.slice(0, QUERIES);
      const firstText = await withStall(() => stack.texts.search(assistant, questions[0].text, 30));
      const firstVector = await withStall(() => stack.vectors.search(assistant, MODEL, Array.from(questions[0].vector), 30));
      // A cold cache answers from SQL and fills in the background: the timed searches come once it is whole.
      await stack.texts.warm?.(assistant);
      await stack.vectors.warm?.(assistant, MODEL, 384);
      let current;
      // The question's vector, made ahead: the retriever is timed, not the model.
      const embedder = { model: MODEL, dimensions: 384, embed: async () => [Array.from(current.vector)] };
      const fusion = { ...hybridOptions(config.search), legTimeoutMs: 60_000, rerankTimeoutMs: 60_000 };
      const retriever = new HybridRetriever(
        db.prisma,
        { text: stack.texts, vector: { index: stack.vectors, embedder }, reranker: createReranker(config.search.rerank, embedder, stack.vectors) },
        fusion,
        db.sql,
      );
      current = questions[0];
      await retriever.retrieve(assistant, current.text, 5); // warm-up
      // What each cached leg does before every search (DocumentCache): list the assistant's ready documents.
      const check = await measure(50, 1, () =>
        db.sql.query(
          `SELECT id, updated_at::text || '/' || chunk_count || '/' || live_generation AS stamp, chunk_count AS chunks, live_generation AS generation
           FROM knowledge_documents WHERE assistant_id = $1::uuid AND live_generation IS NOT NULL ORDER BY id`,
          [assistant],
        ),
      );
      const load = loadavg()[0];
      const text = await measure(questions.length, 1, (i) => stack.texts.search(assistant, questions[i].text, 30));
      report(`text ${stack.texts.engine} ${size}`, text);
      const vector = await measure(questions.length, 1, (i) => stack.vectors.search(assistant, MODEL, Array.from(questions[i].vector), 30));
      report(`vector ${stack.vectors.engine} ${size}`, vector);
      const pageOf = new Map([...documents].map(([name, id]) => [id, name]));
      let pageHits = 0;
      const hybrid = await measure(questions.length, 1, async (i) => {
        current = questions[i];
        const { passages } = await retriever.retrieve(assistant, current.text, K);
        if (passages.some((p) => pageOf.get(p.documentId) === current.page)) pageHits++;
      });
      report(`retriever ${fresh.label} ${size}`, hybrid);
      const ids = await chunkIds(db.sql, documents, corpus.pages);
      let found = 0;
      const recallQuestions = questions.filter((_, i) => i % Math.ceil(questions.length / RECALL_QUESTIONS) === 0);
      for (const q of recallQuestions) {
        const truth = exactTop(corpus.pages, ids, q.vector);
        const hits = await stack.vectors.search(assistant, MODEL, Array.from(q.vector), K);
        found += hits.filter((h) => truth.has(h.chunkId)).length;
      }
      const recall = found / (recallQuestions.length * K);
      console.log(
        `  vector recall@${K} against exact: ${recall.toFixed(3)}; question's page in the top ${K}: ${((100 * pageHits) / questions.length).toFixed(0)} %`,
      );
      rows.push({
        db: fresh.label,
        size: corpus.chunks,
        engines: `${stack.texts.engine} + ${stack.vectors.engine}`,
        text,
        vector,
        recall,
        hybrid,
        pageHits: pageHits / questions.length,
        firstText,
        firstVector,
        load,
        loadSeconds: loaded.seconds,
        added: loaded.chunks,
        documents: documents.size,
        check,
      });
      await stack.close();
    }
  } finally {
    await db.close();
    await fresh.drop();
  }
  return rows;
}

/** The local model's time for one question, on the product's worker pool (what a search over HTTP adds). */
async function questionEmbedding(questions) {
  const { ThreadedOnnxEmbedder } = dist('libs/adapters/src/index.js');
  const embedder = new ThreadedOnnxEmbedder({ modelDir: join(root, '.cache/models/all-minilm-l6-v2-q'), workers: 2, threads: 1 });
  await embedder.warmUp();
  await embedder.embed([questions[0].text]);
  const r = await measure(questions.length, 1, (i) => embedder.embed([questions[i].text]));
  await embedder.close();
  return r;
}

export async function run() {
  const databases = benchDatabases();
  const rows = [];
  for (const kind of databases) rows.push(...(await benchDatabase(kind)));
  const corpus = await loadCorpus(SIZES[0]);
  const embedding = await questionEmbedding(corpus.questions.slice(0, QUERIES));
  await closeEmbedder();
  const synthetic = await runSynthetic(databases);
  const ms = (v) => v.toFixed(1);
  console.log(`\nreal text (${QUERIES} questions, half English and half Russian; question embedded ahead):`);
  console.log(
    `| database | chunks (pages) | legs | text p50/p95 ms | vector p50/p95 ms | vector recall@${K} | retriever (fused + rerank) p50/p95 ms | question's page in top ${K} | first text / vector search s (longest stall) | document check p50 ms | chunks added, s | load avg |`,
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(
      `| ${r.db} | ${r.size} (${r.documents}) | ${r.engines} | ${ms(r.text.p50)} / ${ms(r.text.p95)} | ${ms(r.vector.p50)} / ${ms(r.vector.p95)} | ${r.recall.toFixed(3)} | ${ms(r.hybrid.p50)} / ${ms(r.hybrid.p95)} | ${(100 * r.pageHits).toFixed(0)} % | ${r.firstText.seconds.toFixed(2)} / ${r.firstVector.seconds.toFixed(2)} (${Math.max(r.firstText.stall, r.firstVector.stall).toFixed(0)} ms) | ${ms(r.check.p50)} | ${r.added} in ${r.loadSeconds.toFixed(0)} | ${r.load.toFixed(1)} |`,
    );
  }
  console.log(
    `question embedding alone (local model, product pool): p50 ${ms(embedding.p50)} ms, p95 ${ms(embedding.p95)} ms (load ${loadavg()[0].toFixed(1)})`,
  );
  if (synthetic.length) {
    console.log('\nsynthetic (150-word vocabulary, random vectors; the figure this bench gave before issue 15):');
    console.log('| database | chunks | legs | text p50/p95 ms | vector p50/p95 ms | vector recall@10 | hybrid p50/p95 ms | load avg |');
    console.log('|---|---|---|---|---|---|---|---|');
    for (const r of synthetic)
      console.log(
        `| ${r.db} (synthetic) | ${r.size} | ${r.engines} | ${ms(r.text.p50)} / ${ms(r.text.p95)} | ${ms(r.vector.p50)} / ${ms(r.vector.p95)} | ${r.recall.toFixed(3)} | ${ms(r.both.p50)} / ${ms(r.both.p95)} | ${r.load.toFixed(1)} |`,
      );
  }
}
