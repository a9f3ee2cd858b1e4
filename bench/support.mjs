// Shared helpers for benchmarks: start the built API on a free port with its own data folder,
// and measure latencies of many requests at a given concurrency.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

// A benchmark is one busy user: the production rate limits would turn it into a 429 benchmark.
export const BENCH_RATE_LIMITS = {
  RATE_LIMIT_USER: '1000000/1m',
  RATE_LIMIT_API_KEY: '1000000/1m',
  RATE_LIMIT_ANONYMOUS: '1000000/1m',
  RATE_LIMIT_LOGIN_ACCOUNT: '100000/1m',
  RATE_LIMIT_LOGIN_ADDRESS: '100000/1m',
  MAX_CONVERSATIONS_PER_DAY: '0',
};

export const root = fileURLToPath(new URL('..', import.meta.url));

/** The administrator every bench's API starts with (ADMIN_EMAIL / ADMIN_PASSWORD). */
export const BENCH_ADMIN = { email: 'bench@example.com', password: 'quiet-harbour-lamp-42' };

/**
 * The configuration of an API a bench runs in its own process: quiet, the bench administrator, the
 * bench rate limits, the offline embedder unless `env` names another, then `env`.
 */
export function benchApiConfig(env) {
  const require = createRequire(import.meta.url);
  const { loadConfig } = require(join(root, 'dist/libs/config/src/index.js'));
  return loadConfig({
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'silent',
    JWT_SECRET: 'bench-secret-that-is-long-enough-for-hs256',
    ADMIN_EMAIL: BENCH_ADMIN.email,
    ADMIN_PASSWORD: BENCH_ADMIN.password,
    ...BENCH_RATE_LIMITS,
    EMBEDDING_BASE_URL: 'offline',
    ...env,
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * `inspect: true` opens the inspector on a free port and resolves `inspector` to its WebSocket URL (for heap measurements).
 * A server not answering /api/health within `readyTimeoutMs` is killed and the call throws.
 * `dataDir`: an existing data folder (a restart), which `stop()` leaves in place; else a new one it removes.
 */
export async function startApi(env = {}, { inspect = false, readyTimeoutMs = 30_000, dataDir: givenDataDir } = {}) {
  const port = await freePort();
  const dataDir = givenDataDir ?? mkdtempSync(join(tmpdir(), 'assistants-bench-'));
  const removeDataDir = () => givenDataDir || rmSync(dataDir, { recursive: true, force: true });
  const starting = performance.now();
  // BENCH_NODE_ARGS: flags for the server's node, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to see where its time goes.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, ...(inspect ? ['--inspect=127.0.0.1:0'] : []), join(root, 'dist/apps/api/src/main.js')], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      ADMIN_EMAIL: BENCH_ADMIN.email,
      ADMIN_PASSWORD: BENCH_ADMIN.password,
      ...BENCH_RATE_LIMITS,
      ...env,
    },
    stdio: ['ignore', 'ignore', inspect ? 'pipe' : 'inherit'],
  });
  const inspector = inspect
    ? new Promise((resolve) => {
        child.stderr.on('data', (d) => {
          const url = /Debugger listening on (ws:\/\/\S+)/.exec(d.toString())?.[1];
          if (url) resolve(url);
          else process.stderr.write(d);
        });
      })
    : undefined;
  const base = `http://127.0.0.1:${port}`;
  for (const giveUpAt = performance.now() + readyTimeoutMs; ;) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (child.exitCode !== null) throw new Error('the API exited during start-up');
    if (performance.now() > giveUpAt) {
      child.kill('SIGKILL');
      removeDataDir();
      throw new Error(`the API did not answer /api/health within ${readyTimeoutMs / 1000} s`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const exited = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
  return {
    base,
    pid: child.pid,
    /** From spawning the process to its first healthy answer. */
    readyMs: performance.now() - starting,
    inspector,
    /** Settles with { code, signal } when the process ends (for whatever reason). */
    exited,
    get running() {
      return child.exitCode === null && child.signalCode === null;
    },
    /** SIGTERM; a server whose event loop is stuck never runs its shutdown hooks, so after `killAfterMs` SIGKILL. */
    async stop({ killAfterMs = Infinity } = {}) {
      if (this.running) {
        child.kill('SIGTERM');
        const killer = Number.isFinite(killAfterMs) ? setTimeout(() => child.kill('SIGKILL'), killAfterMs) : undefined;
        await exited;
        clearTimeout(killer);
      }
      removeDataDir();
    },
  };
}

export async function json(base, method, path, body, token) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${await res.text()}`);
  return res.status === 204 ? undefined : res.json();
}

/** Runs `task` `total` times, `concurrency` at once; returns latency percentiles and throughput. */
export async function measure(total, concurrency, task) {
  const latencies = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t0 = performance.now();
        await task(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  return { count: total, concurrency, perSecond: total / seconds, p50: pct(50), p95: pct(95), p99: pct(99) };
}

export function report(name, r) {
  const ms = (v) => `${v.toFixed(1)} ms`;
  console.log(`${name.padEnd(34)} n=${r.count} c=${r.concurrency}  p50 ${ms(r.p50)}  p95 ${ms(r.p95)}  p99 ${ms(r.p99)}  ${r.perSecond.toFixed(0)} req/s`);
}

/**
 * An OpenAI-compatible endpoint that answers at once (three streamed tokens, or `tokens`
 * words), so a benchmark measures the platform, not a model.
 */
export async function startInstantLlm({ tokens } = {}) {
  const { createServer } = await import('node:http');
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (!req.url.endsWith('/chat/completions')) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const chunk = (delta, extra = {}) =>
        `data: ${JSON.stringify({ id: 'bench', object: 'chat.completion.chunk', created: 0, model: 'bench', choices: [{ index: 0, delta, finish_reason: null }], ...extra })}\n\n`;
      if (tokens) {
        res.write(chunk({ role: 'assistant', content: '' }));
        for (let i = 0; i < tokens; i++) res.write(chunk({ content: `word${i} ` }));
      } else {
        res.write(chunk({ role: 'assistant', content: 'Instant ' }));
        res.write(chunk({ content: 'bench ' }));
        res.write(chunk({ content: 'answer.' }));
      }
      res.write(
        `data: ${JSON.stringify({ id: 'bench', object: 'chat.completion.chunk', created: 0, model: 'bench', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`,
      );
      res.write(
        `data: ${JSON.stringify({ id: 'bench', object: 'chat.completion.chunk', created: 0, model: 'bench', choices: [], usage: { prompt_tokens: 10, completion_tokens: 3, total_tokens: 13 } })}\n\n`,
      );
      res.end('data: [DONE]\n\n');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { baseUrl: `http://127.0.0.1:${server.address().port}/v1`, close: () => new Promise((resolve) => server.close(resolve)) };
}

export function percentiles(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const pct = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  return { p50: pct(50), p95: pct(95), p99: pct(99) };
}

let temporalRuntimeInstalled = false;

/**
 * Our Temporal worker in this process (bundled workflows, the real activities over the app's
 * database and event bus), as apps/worker wires it; `stop()` drains it and closes what it opened.
 */
export async function startBenchWorker(address, config, prisma, bus) {
  const require = createRequire(import.meta.url);
  const dist = (path) => require(join(root, 'dist', path));
  const { NativeConnection, Runtime, DefaultLogger } = require('@temporalio/worker');
  // Once per process: a second install throws (a bench may run Temporal on each database).
  temporalRuntimeInstalled ||=
    (Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } } }), true);
  const { createActivities, createActivityDeps } = dist('libs/runtime/src/index.js');
  const { createAssistantsWorker, temporalActivityEnvironment } = dist('apps/worker/src/worker.js');
  const connection = await NativeConnection.connect({ address });
  const deps = createActivityDeps(config, prisma.client, bus, temporalActivityEnvironment, { database: prisma.db });
  const worker = await createAssistantsWorker({ connection, config, activities: createActivities(deps) });
  const running = worker.run();
  return {
    async stop() {
      worker.shutdown();
      await running;
      await deps.tools?.close();
      await connection.close();
    },
  };
}
