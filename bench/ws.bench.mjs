// Live updates under load: 100, 500 and 1,000 WebSocket clients on one API instance, each
// following its own conversation while a producer process (the worker's part) streams every
// answer at once from an instant LLM stub through Redis. Prints token lag (producer emit →
// client receive), the API's memory per connection, and events that never arrived.
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { json, percentiles, root, startApi, startInstantLlm } from './support.mjs';

const require = createRequire(import.meta.url);
const WebSocket = require('ws');

const LEVELS = (process.env.BENCH_WS_LEVELS ?? '100,500,1000').split(',').map(Number);
const TOKENS = Number(process.env.BENCH_WS_TOKENS ?? 50);
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const wallClock = () => performance.timeOrigin + performance.now();
/** Heap and buffers of the API after a full garbage collection, read through the inspector protocol. */
async function openInspector(url) {
  const ws = new WebSocket(url);
  await new Promise((resolve) => ws.once('open', resolve));
  let id = 0;
  const call = (method, params = {}) =>
    new Promise((resolve) => {
      const mine = ++id;
      const onMessage = (data) => {
        const reply = JSON.parse(data.toString());
        if (reply.id !== mine) return;
        ws.off('message', onMessage);
        resolve(reply.result);
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ id: mine, method, params }));
    });
  return {
    async memory() {
      await call('HeapProfiler.collectGarbage');
      const { result } = await call('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())' });
      const usage = JSON.parse(result.value);
      return usage.heapUsed + usage.external + usage.arrayBuffers;
    },
    close: () => ws.close(),
  };
}

const rssOf = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function pool(items, concurrency, work) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

/** Real conversations with a finished turn each, so message.done loads a real stored message. */
async function prepare(base, count) {
  const { accessToken: token } = await json(base, 'POST', '/api/auth/login', { email: 'bench@example.com', password: 'quiet-harbour-lamp-42' });
  const assistant = await json(base, 'POST', '/api/assistants', { name: 'WS bench', llmModel: 'gpt-4o-mini', enableSearch: false }, token);
  const turns = [];
  await pool(
    Array.from({ length: count }, (_, i) => i),
    8,
    async () => {
      const conversation = await json(base, 'POST', '/api/conversations', { assistantId: assistant.id }, token);
      const turn = await json(base, 'POST', `/api/conversations/${conversation.id}/messages`, { content: 'Hello' }, token);
      turns.push({ taskId: turn.taskId, conversationId: conversation.id, messageId: turn.assistantMessageId });
    },
  );
  await pool(turns, 20, async (t) => {
    for (;;) {
      const task = await json(base, 'GET', `/api/tasks/${t.taskId}`, undefined, token);
      if (['done', 'failed', 'cancelled'].includes(task.status)) break;
      await sleep(50);
    }
  });
  return { token, turns };
}

async function connectAll(url, token, turns) {
  const clients = [];
  await pool(
    turns,
    50,
    (turn) =>
      new Promise((resolve, reject) => {
        const ws = new WebSocket(url, { headers: { Authorization: `Bearer ${token}` } });
        const client = { ws, turn, lags: [], deltas: 0, done: false, closeCode: null };
        ws.on('message', (data) => {
          const at = wallClock();
          const m = JSON.parse(data.toString());
          if (m.type === 'subscribed') resolve();
          else if (m.type === 'message.delta') {
            client.deltas++;
            client.lags.push(at - m.emittedAt);
          } else if (m.type === 'message.done') client.done = true;
        });
        ws.on('close', (code) => (client.closeCode = code));
        ws.once('error', reject);
        ws.once('open', () => ws.send(JSON.stringify({ type: 'subscribe', conversationId: turn.conversationId })));
        clients.push(client);
      }),
  );
  return clients;
}

async function level(api, inspector, url, token, producer, turns) {
  const n = turns.length;
  await sleep(500);
  const before = await inspector.memory();
  const clients = await connectAll(url, token, turns);
  await sleep(500);
  const connected = await inspector.memory();
  const rssConnected = rssOf(api.pid);
  let rssPeak = rssConnected;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssOf(api.pid))), 100);
  const finished = new Promise((resolve) => producer.once('message', resolve));
  producer.send({ turns });
  const produced = await finished;
  // Everything published has been handed to Redis; wait for the last events to arrive (or not).
  for (let i = 0; i < 100 && clients.some((c) => !c.done); i++) await sleep(100);
  clearInterval(sampler);
  const lags = clients.flatMap((c) => c.lags);
  const received = clients.reduce((sum, c) => sum + c.deltas + (c.done ? 1 : 0), 0);
  const { p50, p99 } = percentiles(lags);
  const row = {
    n,
    lagP50: p50,
    lagP99: p99,
    lagMax: Math.max(...lags),
    streamMs: produced.ms,
    events: n * (TOKENS + 1),
    dropped: n * (TOKENS + 1) - received,
    producerDropped: produced.dropped,
    closed: clients.filter((c) => c.closeCode !== null).length,
    perConnection: (connected - before) / n,
    rssPeak,
  };
  await Promise.all(
    clients.map((c) => new Promise((resolve) => (c.ws.readyState === WebSocket.CLOSED ? resolve() : (c.ws.once('close', resolve), c.ws.close())))),
  );
  return row;
}

export async function run() {
  const setupLlm = await startInstantLlm();
  const prefix = `bench-${randomBytes(4).toString('hex')}:`;
  const api = await startApi(
    {
      REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      LLM_BASE_URL: setupLlm.baseUrl,
      EMBEDDING_BASE_URL: 'offline',
      ...(process.env.BENCH_DATABASE_URL && { DATABASE_URL: process.env.BENCH_DATABASE_URL }),
    },
    { inspect: true },
  );
  const inspector = await openInspector(await api.inspector);
  const producer = fork(join(root, 'bench/ws-producer.mjs'), [], {
    env: { ...process.env, REDIS_URL, REDIS_KEY_PREFIX: prefix, BENCH_TOKENS: String(TOKENS) },
  });
  try {
    await new Promise((resolve) => producer.once('message', resolve));
    const max = Math.max(...LEVELS);
    console.log(`preparing ${max} conversations with a stored turn each…`);
    const { token, turns } = await prepare(api.base, max);
    const url = `${api.base.replace('http', 'ws')}/api/ws`;
    console.log(`${TOKENS} tokens per answer, all answers streamed at once; producer → Redis → API → ws clients`);
    await level(api, inspector, url, token, producer, turns.slice(0, 50)); // warm-up, not reported
    console.log('streams | lag p50 | lag p99 | lag max | streamed in | events | dropped | closed | API heap per connection | API RSS peak');
    for (const n of LEVELS) {
      const r = await level(api, inspector, url, token, producer, turns.slice(0, n));
      const ms = (v) => `${v.toFixed(1)} ms`;
      console.log(
        `${String(r.n).padStart(7)} | ${ms(r.lagP50)} | ${ms(r.lagP99)} | ${ms(r.lagMax)} | ${ms(r.streamMs)} | ${r.events} | ${r.dropped} (+${r.producerDropped} unsent) | ${r.closed} | ${(r.perConnection / 1024).toFixed(1)} KB | ${mb(r.rssPeak)}`,
      );
    }
  } finally {
    producer.disconnect();
    inspector.close();
    await api.stop();
    await setupLlm.close();
  }
}
