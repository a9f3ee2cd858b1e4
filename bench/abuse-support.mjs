// Measuring tools of the abuse benchmark: health probes at a fixed pace with the server's RSS,
// requests bounded in time, two signed-up members, and waiting for a task to end.
import { readFileSync, writeFileSync } from 'node:fs';
import { percentiles } from './support.mjs';

export const seconds = (name, fallback) => Number(process.env[name] ?? fallback) * 1000;
export const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
export const PROBE_TIMEOUT_MS = Number(process.env.BENCH_ABUSE_PROBE_TIMEOUT_MS ?? 10_000);
const TERMINAL = new Set(['done', 'failed', 'cancelled']);

/** A signal that fires at the attack's deadline or after `ms`, whichever comes first. */
export const bounded = (signal, ms = PROBE_TIMEOUT_MS) => AbortSignal.any([signal, AbortSignal.timeout(ms)]);

const KEPT_BYTES = 1024 * 1024;

/** One request, its body read (counted; only the first MiB kept, as text); never throws. */
export async function timedRequest(url, init = {}) {
  const started = performance.now();
  try {
    const res = await fetch(url, init);
    let bytes = 0;
    const kept = [];
    for await (const chunk of res.body ?? []) {
      if (bytes < KEPT_BYTES) kept.push(chunk);
      bytes += chunk.byteLength;
    }
    return { status: res.status, ms: performance.now() - started, bytes, text: Buffer.concat(kept).toString('utf8') };
  } catch (error) {
    const timedOut = error.name === 'TimeoutError' || error.name === 'AbortError';
    return { status: null, ms: performance.now() - started, timedOut, error: error.cause?.code ?? error.message };
  }
}

/** JSON call that throws on anything but 2xx (for set-up, not for measured requests). */
export async function call(base, method, path, body, token, signal = AbortSignal.timeout(60_000)) {
  const res = await fetch(`${base}${path}`, {
    method,
    signal,
    headers: { ...(body && !(body instanceof FormData) && { 'content-type': 'application/json' }), ...(token && { authorization: `Bearer ${token}` }) },
    body: body instanceof FormData ? body : body && JSON.stringify(body),
  });
  if (!res.ok) throw Object.assign(new Error(`${method} ${path} → ${res.status} ${(await res.text()).slice(0, 300)}`), { status: res.status });
  return res.status === 204 ? undefined : res.json();
}

/** Registers and signs in an ordinary member. */
export async function member(base, name) {
  const email = `${name}-${Date.now()}@example.com`;
  const password = `violet-harbour-lamp-${Math.random().toString(36).slice(2)}`;
  await call(base, 'POST', '/api/auth/register', { email, name, password });
  const { accessToken } = await call(base, 'POST', '/api/auth/login', { email, password });
  return { email, token: accessToken, call: (method, path, body, signal) => call(base, method, path, body, accessToken, signal) };
}

/**
 * Polls a task until it ends or the signal fires. `doneMs`: from `startedAt` (Date.now() before
 * the request that made the task) to the server's finishedAt, so the polling pace does not count.
 */
export async function waitTask(base, token, taskId, signal, { startedAt = Date.now(), everyMs = 250 } = {}) {
  let last;
  while (!signal.aborted) {
    const r = await fetch(`${base}/api/tasks/${taskId}`, { headers: { authorization: `Bearer ${token}` }, signal: bounded(signal) }).catch(() => undefined);
    if (r?.ok) {
      last = await r.json();
      if (TERMINAL.has(last.status)) {
        return {
          status: last.status,
          error: last.error ?? last.document?.error ?? null,
          doneMs: Date.parse(last.finishedAt ?? last.updatedAt) - startedAt,
          task: last,
        };
      }
    }
    await pause(everyMs);
  }
  return { status: 'did not finish', taskId, lastStatus: last?.status ?? 'unknown', progress: last?.progress };
}

function procStatus(pid, field) {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${field}:`));
    return line ? Number(line.split(/\s+/)[1]) * 1024 : null;
  } catch {
    return null; // the process is gone
  }
}

/**
 * Probes /api/health every `everyMs` (each probe on its own, so a stalled server gets a probe
 * every interval rather than one per stall) and samples the server's VmRSS at the same pace.
 */
export function startMonitor(api, everyMs = 100) {
  const probes = [];
  const rss = [];
  const inflight = new Set();
  const timer = setInterval(() => {
    const at = performance.now();
    rss.push({ at, bytes: procStatus(api.pid, 'VmRSS') });
    const probe = timedRequest(`${api.base}/api/health`, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) }).then((r) => {
      probes.push({ at, ms: r.ms, ok: r.status === 200, timedOut: Boolean(r.timedOut) });
      inflight.delete(probe);
    });
    inflight.add(probe);
  }, everyMs);
  const within = (list, from, to) => list.filter((p) => p.at >= from && p.at < to);
  return {
    /** Resets the kernel's peak-RSS counter (VmHWM), so a peak between samples is seen too. */
    resetPeak() {
      try {
        writeFileSync(`/proc/${api.pid}/clear_refs`, '5');
      } catch {
        /* not allowed here: the sampled maximum stands alone */
      }
    },
    peakSinceReset: () => procStatus(api.pid, 'VmHWM'),
    health: (from, to) => summarize(within(probes, from, to)),
    rss: (from, to) =>
      within(rss, from, to)
        .map((s) => s.bytes)
        .filter((b) => b !== null),
    async stop() {
      clearInterval(timer);
      await Promise.all(inflight);
    },
  };
}

/** p50 / p95 / max of probes or requests, with how many took over a second and how many timed out or failed. */
export function summarize(samples) {
  if (!samples.length) return { n: 0 };
  const { p50, p95 } = percentiles(samples.map((s) => s.ms));
  return {
    n: samples.length,
    p50,
    p95,
    max: Math.max(...samples.map((s) => s.ms)),
    overSecond: samples.filter((s) => s.ms > 1000).length,
    timedOut: samples.filter((s) => s.timedOut).length,
    failed: samples.filter((s) => !s.ok && !s.timedOut).length,
  };
}

/** The bystander's ordinary request, one after another with a pause, until stopped. */
export function startBystanderReads(api, bystander, everyMs = 250) {
  const samples = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const r = await timedRequest(`${api.base}/api/assistants`, {
        headers: { authorization: `Bearer ${bystander.token}` },
        signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
      });
      samples.push({ ms: r.ms, ok: r.status === 200, timedOut: Boolean(r.timedOut) });
      if (running) await pause(everyMs);
    }
  })();
  return async () => {
    running = false;
    await loop;
    return summarize(samples);
  };
}

/** "a, 3× b" for a list with repeats. */
export function tally(items) {
  const counts = new Map();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return [...counts].map(([item, n]) => (n > 1 ? `${n}× ${item}` : item)).join(', ');
}
