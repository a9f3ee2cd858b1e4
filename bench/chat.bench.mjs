// Platform overhead of a chat turn with an instant LLM: POST → first token published,
// POST → answer stored, on the embedded runner and on Temporal (Java test server,
// worker in this process); then turns per second at 50 concurrent conversations. Each on a fresh
// database: the embedded default for a new DATA_DIR, and with BENCH_DATABASE_URL a new database on
// that server (BENCH_DATABASES=embedded,postgres). Two knowledge bases (BENCH_RETRIEVAL=empty,10000):
// `empty`, the assistant has no documents (the hashing embedder, as when these results were first
// recorded); `10000`, the 10k-chunk real corpus (bench/real-corpus.mjs) put in through the product's
// ingest writes, the local model embedding each question, and the questions are the corpus's own
// (headings asked in English and Russian), so every turn retrieves, reranks and quotes real passages.
// BENCH_MODES=embedded,temporal.
import { loadavg } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { loadPages } from './knowledge-loader.mjs';
import { benchDatabases, databaseLabel, freshDatabase } from './product-database.mjs';
import { closeEmbedder, loadCorpus } from './real-corpus.mjs';
import { BENCH_ADMIN, benchApiConfig, percentiles, root, startBenchWorker, startInstantLlm } from './support.mjs';

const require = createRequire(import.meta.url);
const dist = (path) => require(join(root, 'dist', path));

const SEQUENTIAL_TURNS = Number(process.env.BENCH_CHAT_TURNS ?? 200);
const CONCURRENT_CONVERSATIONS = 50;
const CONCURRENT_TURNS = Number(process.env.BENCH_CHAT_CONCURRENT_TURNS ?? 500);

async function runMode(mode, kind, knowledge) {
  const { createApp } = dist('apps/api/src/app.factory.js');
  const { PrismaService } = dist('apps/api/src/database/prisma.service.js');
  const { LocalEventBus } = dist('libs/adapters/src/index.js');
  const llm = await startInstantLlm();
  const fresh = await freshDatabase(kind);
  const corpus = knowledge === 'empty' ? undefined : await loadCorpus(Number(knowledge));
  await closeEmbedder();
  let temporal;
  if (mode === 'temporal') {
    const { startTemporalTestServer } = await import(join(root, 'scripts/temporal-test-server.cjs'));
    temporal = await startTemporalTestServer();
  }
  const config = benchApiConfig({
    ...fresh.env,
    LLM_BASE_URL: llm.baseUrl,
    // Empty: the hashing embedder, as when these results were first recorded. Real corpus: the local
    // model its vectors come from (the embed bench measures the model alone).
    EMBEDDING_MODEL: corpus ? 'local' : 'hashing',
    ...(temporal && { TEMPORAL_ADDRESS: temporal.address }),
  });
  const call = async (base, method, path, body, token) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
      body: body && JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
    return res.json();
  };
  const listen = async () => {
    const app = await createApp(config);
    await app.listen(0, '127.0.0.1');
    return { app, base: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
  };
  let { app, base } = await listen();
  let { accessToken } = await call(base, 'POST', '/api/auth/login', BENCH_ADMIN);
  const assistant = await call(base, 'POST', '/api/assistants', { name: 'Bench', llmModel: 'gpt-4o-mini' }, accessToken);
  if (corpus) {
    // The knowledge base goes in with the app stopped (an embedded database has one owner), then it starts again.
    await app.close();
    const opened = await fresh.open();
    try {
      const loaded = await loadPages(opened, assistant.id, corpus.pages);
      console.log(`  ${corpus.description}: ${loaded.chunks} chunks stored in ${loaded.seconds.toFixed(0)} s`);
    } finally {
      await opened.db.close();
    }
    ({ app, base } = await listen());
    ({ accessToken } = await call(base, 'POST', '/api/auth/login', BENCH_ADMIN));
  }
  const bus = app.get(LocalEventBus);
  fresh.label = databaseLabel(app.get(PrismaService).db.kind, fresh.serverVersion);

  const worker = temporal && (await startBenchWorker(temporal.address, config, app.get(PrismaService), bus));

  // Events can arrive before the POST returns the task id, so they are kept by task.
  const seen = new Map();
  const waiters = new Map();
  bus.subscribe((event) => {
    if (event.type !== 'message.delta' && event.type !== 'message.done') return;
    const entry = seen.get(event.taskId) ?? {};
    if (event.type === 'message.delta') entry.firstToken ??= performance.now();
    if (event.type === 'message.done') entry.stored = performance.now();
    seen.set(event.taskId, entry);
    if (entry.stored) waiters.get(event.taskId)?.();
  });
  const stored = (taskId) => (seen.get(taskId)?.stored ? Promise.resolve() : new Promise((resolve) => waiters.set(taskId, resolve)));

  const conversations = [];
  for (let i = 0; i < CONCURRENT_CONVERSATIONS; i++)
    conversations.push((await call(base, 'POST', '/api/conversations', { assistantId: assistant.id }, accessToken)).id);
  const question = (i) => (corpus ? corpus.questions[i % corpus.questions.length].text : `Question number ${i} about the handbook?`);

  const turn = async (conversationId, i) => {
    const started = performance.now();
    const { taskId } = await call(base, 'POST', `/api/conversations/${conversationId}/messages`, { content: question(i) }, accessToken);
    await stored(taskId);
    const entry = seen.get(taskId);
    return { firstToken: entry.firstToken - started, stored: entry.stored - started };
  };

  // Warm-up: the first turns load the tokenizer, the model and the search caches, and (on Temporal) the workflow bundle's caches.
  for (let i = 0; i < 5; i++) await turn(conversations[i], i);
  const load = loadavg()[0];
  const results = [];
  for (let i = 0; i < SEQUENTIAL_TURNS; i++) results.push(await turn(conversations[i % conversations.length], i));

  let next = 0;
  const startedAt = performance.now();
  await Promise.all(
    conversations.map(async (conversationId) => {
      while (next < CONCURRENT_TURNS) await turn(conversationId, next++);
    }),
  );
  const turnsPerSecond = CONCURRENT_TURNS / ((performance.now() - startedAt) / 1000);

  await worker?.stop();
  await app.close();
  await temporal?.stop();
  await llm.close();
  await fresh.drop();
  return {
    database: fresh.label,
    firstToken: percentiles(results.map((r) => r.firstToken)),
    stored: percentiles(results.map((r) => r.stored)),
    turnsPerSecond,
    load,
  };
}

export async function run() {
  const ms = (v) => `${v.toFixed(1)} ms`;
  const rows = [];
  for (const kind of benchDatabases()) {
    for (const knowledge of (process.env.BENCH_RETRIEVAL ?? 'empty,10000').split(',')) {
      for (const mode of (process.env.BENCH_MODES ?? 'embedded,temporal').split(',')) {
        const r = await runMode(mode, kind, knowledge);
        const kb = knowledge === 'empty' ? 'empty knowledge base' : `retrieval over the ${knowledge}-chunk real corpus`;
        console.log(`chat turn, ${mode} runner (${r.database}), ${kb}, ${SEQUENTIAL_TURNS} sequential turns (load ${r.load.toFixed(1)}):`);
        console.log(`  POST → first token published   p50 ${ms(r.firstToken.p50)}  p95 ${ms(r.firstToken.p95)}  p99 ${ms(r.firstToken.p99)}`);
        console.log(`  POST → answer stored           p50 ${ms(r.stored.p50)}  p95 ${ms(r.stored.p95)}  p99 ${ms(r.stored.p99)}`);
        console.log(`  ${CONCURRENT_TURNS} turns over ${CONCURRENT_CONVERSATIONS} concurrent conversations: ${r.turnsPerSecond.toFixed(1)} turns/s`);
        rows.push({ ...r, mode, kb });
      }
    }
  }
  console.log(
    '\n| runner | database | knowledge base | first token p50 / p95 / p99 ms | answer stored p50 / p95 / p99 ms | turns/s at 50 concurrent | load avg | stored p50 target |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const target = r.mode === 'temporal' ? 80 : 15;
    const f = (p) => `${p.p50.toFixed(1)} / ${p.p95.toFixed(1)} / ${p.p99.toFixed(1)}`;
    console.log(
      `| ${r.mode} | ${r.database} | ${r.kb} | ${f(r.firstToken)} | ${f(r.stored)} | ${r.turnsPerSecond.toFixed(1)} | ${r.load.toFixed(1)} | ≤ ${target} ms: ${r.stored.p50 <= target ? 'met' : 'not met'} |`,
    );
  }
}
