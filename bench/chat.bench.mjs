// Platform overhead of a chat turn with an instant LLM: POST → first token published,
// POST → answer stored, on the embedded runner and on Temporal (Java test server,
// worker in this process); then turns per second at 50 concurrent conversations.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BENCH_RATE_LIMITS, percentiles, root, startInstantLlm } from './support.mjs';

const require = createRequire(import.meta.url);
const dist = (path) => require(join(root, 'dist', path));

const SEQUENTIAL_TURNS = 200;
const CONCURRENT_CONVERSATIONS = 50;
const CONCURRENT_TURNS = 500;

async function runMode(mode) {
  const { loadConfig } = dist('libs/config/src/index.js');
  const { createApp } = dist('apps/api/src/app.factory.js');
  const { PrismaService } = dist('apps/api/src/database/prisma.service.js');
  const { createActivities, createActivityDeps } = dist('libs/runtime/src/index.js');
  const { LocalEventBus } = dist('libs/adapters/src/index.js');
  const llm = await startInstantLlm();
  const dataDir = mkdtempSync(join(tmpdir(), 'assistants-chat-bench-'));
  let temporal;
  if (mode === 'temporal') {
    const { startTemporalTestServer } = await import(join(root, 'scripts/temporal-test-server.cjs'));
    temporal = await startTemporalTestServer();
  }
  const config = loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'silent',
    JWT_SECRET: 'bench-secret-that-is-long-enough-for-hs256',
    ADMIN_EMAIL: 'bench@example.com',
    ADMIN_PASSWORD: 'quiet-harbour-lamp-42',
    ...BENCH_RATE_LIMITS,
    LLM_BASE_URL: llm.baseUrl,
    EMBEDDING_BASE_URL: 'offline',
    // The hashing embedder, as when these results were first recorded; the embed bench measures the local model.
    EMBEDDING_MODEL: 'hashing',
    ...(process.env.BENCH_DATABASE_URL && { DATABASE_URL: process.env.BENCH_DATABASE_URL }),
    ...(temporal && { TEMPORAL_ADDRESS: temporal.address }),
  });
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const bus = app.get(LocalEventBus);

  let worker;
  let workerRun;
  if (temporal) {
    const { NativeConnection, Runtime, DefaultLogger } = require('@temporalio/worker');
    Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } } });
    const { createAssistantsWorker, temporalActivityEnvironment } = dist('apps/worker/src/worker.js');
    const connection = await NativeConnection.connect({ address: temporal.address });
    const activities = createActivities(
      createActivityDeps(config, app.get(PrismaService).client, bus, temporalActivityEnvironment, { database: app.get(PrismaService).db }),
    );
    worker = await createAssistantsWorker({ connection, config, activities });
    workerRun = worker.run();
  }

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

  const call = async (method, path, body, token) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
      body: body && JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
    return res.json();
  };
  const { accessToken } = await call('POST', '/api/auth/login', { email: 'bench@example.com', password: 'quiet-harbour-lamp-42' });
  const assistant = await call('POST', '/api/assistants', { name: 'Bench', llmModel: 'gpt-4o-mini' }, accessToken);
  const conversations = [];
  for (let i = 0; i < CONCURRENT_CONVERSATIONS; i++)
    conversations.push((await call('POST', '/api/conversations', { assistantId: assistant.id }, accessToken)).id);

  const turn = async (conversationId, i) => {
    const started = performance.now();
    const { taskId } = await call(
      'POST',
      `/api/conversations/${conversationId}/messages`,
      { content: `Question number ${i} about the handbook?` },
      accessToken,
    );
    await stored(taskId);
    const entry = seen.get(taskId);
    return { firstToken: entry.firstToken - started, stored: entry.stored - started };
  };

  // Warm-up: the first turns load the tokenizer and (on Temporal) the workflow bundle's caches.
  for (let i = 0; i < 5; i++) await turn(conversations[i], i);
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

  if (worker) {
    worker.shutdown();
    await workerRun;
  }
  await app.close();
  await temporal?.stop();
  await llm.close();
  rmSync(dataDir, { recursive: true, force: true });
  return { firstToken: percentiles(results.map((r) => r.firstToken)), stored: percentiles(results.map((r) => r.stored)), turnsPerSecond };
}

export async function run() {
  const ms = (v) => `${v.toFixed(1)} ms`;
  const database = process.env.BENCH_DATABASE_URL ? 'PostgreSQL' : 'embedded PGlite';
  for (const mode of (process.env.BENCH_MODES ?? 'embedded,temporal').split(',')) {
    const r = await runMode(mode);
    console.log(`chat turn, ${mode} runner (${database}), ${SEQUENTIAL_TURNS} sequential turns:`);
    console.log(`  POST → first token published   p50 ${ms(r.firstToken.p50)}  p95 ${ms(r.firstToken.p95)}  p99 ${ms(r.firstToken.p99)}`);
    console.log(`  POST → answer stored           p50 ${ms(r.stored.p50)}  p95 ${ms(r.stored.p95)}  p99 ${ms(r.stored.p99)}`);
    console.log(`  ${CONCURRENT_TURNS} turns over ${CONCURRENT_CONVERSATIONS} concurrent conversations: ${r.turnsPerSecond.toFixed(1)} turns/s`);
  }
}
