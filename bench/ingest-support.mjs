// Shared by the ingest benchmarks (ingest-load, ingest): the built API in this process with the
// embedded runner, an instant LLM stub and offline embeddings; a Markdown handbook of any size;
// chat turns timed from POST to accepted and to the answer stored; an upload timed to ready.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { freshDatabase } from './product-database.mjs';
import { BENCH_RATE_LIMITS, root, startInstantLlm } from './support.mjs';

const require = createRequire(import.meta.url);
const dist = (path) => require(join(root, 'dist', path));

export const ADMIN = { email: 'bench@example.com', password: 'quiet-harbour-lamp-42' };

/**
 * A Markdown handbook of `bytes` bytes. `repeated`: sections of one paragraph repeated (kind to
 * every cache and to compression). `varied`: the evaluation set's own passages (English and
 * Russian, 172 kB), shuffled into sections of 3–8 with their titles as headings, each round in a new
 * order: every chunk differs from its neighbours, as in a real manual.
 */
export function handbook(bytes, corpus = 'repeated') {
  return corpus === 'varied' ? variedHandbook(bytes) : repeatedHandbook(bytes);
}

function variedHandbook(bytes) {
  const passages = ['en', 'ru'].flatMap((language) => require(join(root, 'test/fixtures/retrieval', `${language}.json`)).passages);
  let seed = 17;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 1);
  const parts = ['# Northwind Loom handbook\n\n'];
  let size = 0;
  for (let section = 0; size < bytes; section++) {
    const count = 3 + (next() % 6);
    const picked = Array.from({ length: count }, () => passages[next() % passages.length]);
    const text = `## Section ${section}: ${picked[0].title}\n\n${picked.map((p) => `### ${p.title}\n\n${p.text}\n\n`).join('')}`;
    parts.push(text);
    size += Buffer.byteLength(text);
  }
  // Cut at a line end: a multi-byte letter cut in half would make the file something other than UTF-8.
  const whole = Buffer.from(parts.join(''));
  return whole.subarray(0, whole.lastIndexOf(10, bytes - 1) + 1);
}

function repeatedHandbook(bytes) {
  const paragraph = 'Employees may take parental leave after one year of service; the request goes to the manager two months ahead. ';
  const parts = ['# Staff handbook\n\n'];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const section = `## Section ${i}\n\n${paragraph.repeat(12)}\n\n${paragraph.repeat(9)}\n\n`;
    parts.push(section);
    size += section.length;
  }
  return Buffer.from(parts.join('')).subarray(0, bytes);
}

export function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const pct = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  return { n: sorted.length, p50: pct(50), p95: pct(95), max: sorted[sorted.length - 1] };
}

export const ms = (v) => `${v.toFixed(1)} ms`;
export const databaseName = () => (process.env.BENCH_DATABASE_URL ? 'PostgreSQL' : 'embedded PostgreSQL');

/**
 * Starts the built API (embedded runner; the embedded PostgreSQL, or a PostgreSQL server with BENCH_DATABASE_URL), signs in
 * and returns helpers. `embeddingModel`: 'hashing' (offline, in the CPU pool) or 'local'.
 */
export async function startEmbeddedApp({ uploadBytes, embeddingModel = 'hashing', env = {} }) {
  const { loadConfig } = dist('libs/config/src/index.js');
  const { createApp } = dist('apps/api/src/app.factory.js');
  const { LocalEventBus } = dist('libs/adapters/src/index.js');
  const llm = await startInstantLlm();
  const dataDir = mkdtempSync(join(tmpdir(), 'assistants-ingest-bench-'));
  // A database of its own on PostgreSQL: earlier runs' documents would be warmed into the caches at start.
  const scratch = process.env.BENCH_DATABASE_URL ? await freshDatabase('postgres') : undefined;
  const config = loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'silent',
    JWT_SECRET: 'bench-secret-that-is-long-enough-for-hs256',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    LLM_BASE_URL: llm.baseUrl,
    EMBEDDING_BASE_URL: 'offline',
    EMBEDDING_MODEL: embeddingModel,
    ...BENCH_RATE_LIMITS,
    MAX_UPLOAD_BYTES: String(Math.max(uploadBytes + 1024, 20 * 1024 * 1024)),
    ...(process.env.INGEST_DB_SHARE && { INGEST_DB_SHARE: process.env.INGEST_DB_SHARE }),
    ...(scratch && { DATABASE_URL: scratch.env.DATABASE_URL }),
    ...env,
  });
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const bus = app.get(LocalEventBus);
  const { PrismaService } = dist('apps/api/src/database/prisma.service.js');
  const lanes = app.get(PrismaService).db.lanes;

  const stored = new Map();
  const storedWaiters = new Map();
  const documentWaiters = new Map();
  const settledDocuments = new Map();
  bus.subscribe((event) => {
    if (event.type === 'message.done') {
      stored.set(event.taskId, performance.now());
      storedWaiters.get(event.taskId)?.();
    }
    if (event.type === 'document.progress' && (event.status === 'ready' || event.status === 'failed')) {
      settledDocuments.set(event.documentId, { status: event.status, at: performance.now() });
      documentWaiters.get(event.documentId)?.();
    }
  });
  const whenStored = (taskId) => (stored.has(taskId) ? Promise.resolve() : new Promise((resolve) => storedWaiters.set(taskId, resolve)));

  const call = async (method, path, body, token) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { ...(body && !(body instanceof FormData) && { 'content-type': 'application/json' }), ...(token && { authorization: `Bearer ${token}` }) },
      body: body instanceof FormData ? body : body && JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
    return res.json();
  };
  const { accessToken: token } = await call('POST', '/api/auth/login', ADMIN);
  const api = (method, path, body) => call(method, path, body, token);

  return {
    api,
    lanes,
    /** A conversation with a new assistant, and a function that runs one timed turn in it. */
    async chatter(name = 'Helpdesk') {
      const assistant = await api('POST', '/api/assistants', { name, llmModel: 'gpt-4o-mini' });
      const conversation = (await api('POST', '/api/conversations', { assistantId: assistant.id })).id;
      return async (i) => {
        const started = performance.now();
        const background = lanes.stats.background;
        const { taskId } = await api('POST', `/api/conversations/${conversation}/messages`, { content: `Question ${i}: how long is parental leave?` });
        const accepted = performance.now() - started;
        await whenStored(taskId);
        // Ingest statements that ran while this turn was in flight (each one a chat query may have waited for).
        return { accepted, stored: stored.get(taskId) - started, ingestStatements: lanes.stats.background - background };
      };
    },
    /** Uploads `bytes` of handbook to a new assistant; `ready` settles when the document is ready (or failed), told by the event bus. */
    async upload(bytes, name = 'Library', corpus = process.env.BENCH_CORPUS ?? 'repeated') {
      const library = await api('POST', '/api/assistants', { name, llmModel: 'gpt-4o-mini' });
      const form = new FormData();
      form.append('file', new Blob([handbook(bytes, corpus)], { type: 'text/markdown' }), 'handbook.md');
      const started = performance.now();
      const body = await api('POST', `/api/assistants/${library.id}/documents`, form);
      const uploadMs = performance.now() - started;
      const id = body.document.id;
      const settled = settledDocuments.has(id) ? Promise.resolve() : new Promise((resolve) => documentWaiters.set(id, resolve));
      const ready = settled.then(async () => {
        const { status, at } = settledDocuments.get(id);
        return { status, ingestMs: at - started, document: await api('GET', `/api/documents/${id}`) };
      });
      return { document: body.document, uploadMs, ready };
    },
    async close() {
      await app.close();
      await llm.close();
      await scratch?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const pause = (msToWait) => new Promise((resolve) => setTimeout(resolve, msToWait));

/**
 * One person chats (a turn every `pauseMs` after the previous answer): `idleTurns` turns alone,
 * then turns for as long as an upload of `uploadBytes` is ingested beside them (another assistant).
 */
export async function chatBesideIngest({ uploadBytes, idleTurns = 100, pauseMs = 100, embeddingModel = 'hashing' }) {
  const app = await startEmbeddedApp({ uploadBytes, embeddingModel });
  try {
    const turn = await app.chatter();
    for (let i = 0; i < 5; i++) await turn(i); // warm-up
    const idle = [];
    for (let i = 0; i < idleTurns; i++) {
      idle.push(await turn(i));
      await pause(pauseMs);
    }
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const upload = await app.upload(uploadBytes);
    let finished;
    upload.ready.then((result) => (finished = result));
    const busy = [];
    for (let i = 0; !finished; i++) {
      busy.push(await turn(i));
      if (!finished) await pause(pauseMs);
    }
    delay.disable();
    return {
      lanes: app.lanes.stats,
      uploadBytes,
      idle,
      busy,
      uploadMs: upload.uploadMs,
      ingestMs: finished.ingestMs,
      status: finished.status,
      chunkCount: finished.document.chunkCount,
      eventLoop: { max: delay.max / 1e6, p99: delay.percentile(99) / 1e6 },
    };
  } finally {
    await app.close();
  }
}

/** Prints a chatBesideIngest result; returns the ratio of the stored p95s. */
export function printChatBesideIngest(label, r) {
  const line = (name, s) => console.log(`  ${name.padEnd(40)} n=${String(s.n).padStart(4)}  p50 ${ms(s.p50)}  p95 ${ms(s.p95)}  max ${ms(s.max)}`);
  console.log(`${label} (${databaseName()}), ${(r.uploadBytes / 1e6).toFixed(1)} MB Markdown → ${r.status}, ${r.chunkCount} chunks:`);
  line('idle: POST → accepted', stats(r.idle.map((t) => t.accepted)));
  line('idle: POST → answer stored', stats(r.idle.map((t) => t.stored)));
  line('ingesting: POST → accepted', stats(r.busy.map((t) => t.accepted)));
  line('ingesting: POST → answer stored', stats(r.busy.map((t) => t.stored)));
  const during = stats(r.busy.map((t) => t.ingestStatements));
  console.log(
    `  ingest statements run during a chat turn: p50 ${during.p50}, p95 ${during.p95}, max ${during.max} (database lanes: ${JSON.stringify(r.lanes)})`,
  );
  console.log(
    `  upload answered in ${ms(r.uploadMs)}; ingest done after ${(r.ingestMs / 1000).toFixed(1)} s; event loop delay max ${ms(r.eventLoop.max)}, p99 ${ms(r.eventLoop.p99)}`,
  );
  const idleP95 = stats(r.idle.map((t) => t.stored)).p95;
  const busyP95 = stats(r.busy.map((t) => t.stored)).p95;
  // The upload is told apart: its own time grows with the file (received, hashed and stored in the request).
  const worstChat = Math.max(...r.busy.flatMap((t) => [t.accepted, t.stored]));
  const worst = Math.max(worstChat, r.uploadMs);
  console.log(
    `  p95 ratio (stored) ${(busyP95 / idleP95).toFixed(2)}×; target ≤ 1.2 × idle (${ms(1.2 * idleP95)}): ${busyP95 <= 1.2 * idleP95 ? 'met' : 'not met'}; no request over 1 s: ${worst <= 1000 ? 'met' : `not met (worst ${ms(worst)})`}`,
  );
  console.log(
    `  slowest chat request ${ms(worstChat)}; the upload request ${ms(r.uploadMs)} for ${(r.uploadBytes / 1e6).toFixed(1)} MB (${(r.uploadBytes / 1e6 / (r.uploadMs / 1000)).toFixed(0)} MB/s)`,
  );
  return busyP95 / idleP95;
}
