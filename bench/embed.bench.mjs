// Embedding throughput for 200-word passages: the hashing embedder and the local ONNX model
// (on this thread, and on pools of worker threads × runtime threads, measured in turns), the
// tokeniser's share on the calling thread, how long the event loop is held meanwhile (what a
// request arriving then would wait), and how long a question waits while a batch is embedded.
// BENCH_EMBED_PASSAGES (default 128) and BENCH_EMBED_ROUNDS (default 3) size the run.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { root } from './support.mjs';

const require = createRequire(import.meta.url);
const { HashingEmbedder, LocalOnnxEmbedder, ThreadedOnnxEmbedder, localModelPresent } = require(join(root, 'dist/libs/adapters/src/index.js'));
const MODEL_DIR = join(root, '.cache/models/all-minilm-l6-v2-q');

const VOCABULARY = `the customer may return goods within thirty days of delivery and receive a refund to the original
payment method provided that item is unused in its packaging shipping costs are not refunded unless arrived damaged our
support team answers questions about orders invoices warranty repairs replacement parts software updates account security
passwords two factor authentication privacy data export deletion requests business hours public holidays office locations
employees benefits parental leave sick days remote work equipment travel expenses approval manager policy handbook chapter
section applies every contract signed after january renewal notice period termination fees discount volume pricing`.split(/\s+/);

/** Deterministic 200-word passages with varied word order (a linear congruential generator). */
function passages(count, words = 200) {
  let seed = 42;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  return Array.from({ length: count }, () => Array.from({ length: words }, () => VOCABULARY[next() % VOCABULARY.length]).join(' '));
}

/** Run time of each thread of this process so far (Linux: /proc/self/task/<tid>/schedstat, in ms); empty elsewhere. */
function threadTimes() {
  const times = new Map();
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      try {
        times.set(tid, Number(readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ')[0]) / 1e6);
      } catch {
        /* the thread ended */
      }
    }
  } catch {
    /* not Linux */
  }
  return times;
}

async function throughput(embedder, texts, { batch = 32, callers = 1 } = {}) {
  const batches = [];
  for (let i = 0; i < texts.length; i += batch) batches.push(texts.slice(i, i + batch));
  // A 10 ms timer's lateness is what a request arriving meanwhile would wait; ELU is the share of
  // wall time the event loop was busy (not waiting for I/O or the runtime's threads).
  let last = performance.now();
  let maxLag = 0;
  const probe = setInterval(() => {
    const now = performance.now();
    maxLag = Math.max(maxLag, now - last - 10);
    last = now;
  }, 10);
  const elu = performance.eventLoopUtilization();
  const threads = threadTimes();
  const cpu = process.cpuUsage();
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (next < batches.length) await embedder.embed(batches[next++]);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const busy = performance.eventLoopUtilization(elu).utilization;
  clearInterval(probe);
  maxLag = Math.max(maxLag, performance.now() - last - 10);
  const used = process.cpuUsage(cpu);
  // CPU time of every thread of this process: what a passage costs whatever else the machine runs.
  const cpuMs = (used.user + used.system) / 1000 / texts.length;
  // The busiest thread's run time per passage bounds the wall time on idle cores: a projection
  // that other processes' load does not move (as long as there are no more busy threads than cores).
  let busiest = 0;
  for (const [tid, ms] of threadTimes()) busiest = Math.max(busiest, ms - (threads.get(tid) ?? 0));
  const criticalMs = Math.max(busiest, (cpuMs * texts.length) / availableParallelism()) / texts.length;
  return { perSecond: texts.length / seconds, busy, maxLag, cpuMs, criticalMs };
}

/** One short question at a time, as a chat turn embeds it. */
async function latency(embedder, n = 100) {
  const times = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await embedder.embed([`How long is the notice period for contract ${i} renewal?`]);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(n * 0.5)], p95: times[Math.floor(n * 0.95)] };
}

function row(name, r) {
  const idle = r.criticalMs ? `${r.criticalMs.toFixed(2)} ms → ${(1000 / r.criticalMs).toFixed(0)}/s` : 'n/a';
  console.log(`| ${name} | ${r.perSecond.toFixed(0)} | ${r.cpuMs.toFixed(2)} ms | ${idle} | ${(r.busy * 100).toFixed(0)} % | ${r.maxLag.toFixed(0)} ms |`);
}

/** A question asked while a batch of 32 passages is being embedded: how long it waits for its vector. */
async function questionDuringBatch(embedder, texts, n = 5) {
  const times = [];
  for (let i = 0; i < n; i++) {
    const batch = embedder.embed(texts.slice(0, 32));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const t0 = performance.now();
    await embedder.embed([`How long is the notice period for contract ${i} renewal?`]);
    times.push(performance.now() - t0);
    await batch;
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(n / 2)], max: times[n - 1] };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function run() {
  console.log(
    `${availableParallelism()} cores, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} (shared machine: other work competes)`,
  );
  console.log('"busiest thread" is the run time of the process\'s busiest thread per passage (or all CPU / cores if more);');
  console.log('its inverse is the throughput to expect on idle cores, whatever the load of this run.');
  console.log('| embedder | passages/s (200 words) | CPU per passage | busiest thread per passage → on idle cores | event loop busy | longest timer delay |');
  console.log('|---|---|---|---|---|---|');
  const hashing = new HashingEmbedder();
  await hashing.embed(passages(50));
  row('hashing', await throughput(hashing, passages(3000)));

  if (!localModelPresent(MODEL_DIR)) {
    console.log(`local model not in ${MODEL_DIR}: run node scripts/embedding-model.cjs --prefetch`);
    return;
  }
  const texts = passages(Number(process.env.BENCH_EMBED_PASSAGES ?? 128));
  const here = new LocalOnnxEmbedder({ modelDir: MODEL_DIR, threads: 1 });
  await here.warmUp();
  await here.embed(texts.slice(0, 4));
  row('local model on this thread, 1 runtime thread', await throughput(here, texts));
  await here.close();

  // Worker pools, built once and measured in turns (round by round), so that the machine's load
  // changes touch every configuration alike. The default is what createEmbedder builds.
  const configs = [
    // The default until 2026-11-26: one worker, two runtime threads, a batch sent whole.
    { name: '1 worker × 2 runtime threads, batch in one message (previous default)', workers: 1, threads: 2, textsPerMessage: 32 },
    { name: '2 workers × 1 runtime thread, 1 text per message (default)', workers: 2, threads: 1 },
    { name: '2 workers × 1 runtime thread, 2 texts per message', workers: 2, threads: 1, textsPerMessage: 2 },
    { name: '2 workers × 2 runtime threads', workers: 2, threads: 2 },
    { name: '1 worker × 1 runtime thread', workers: 1, threads: 1 },
  ];
  const pools = [];
  for (const { workers, threads, textsPerMessage } of configs) {
    const pool = new ThreadedOnnxEmbedder({ modelDir: MODEL_DIR, workers, threads, textsPerMessage });
    await pool.warmUp();
    await pool.embed(texts.slice(0, 8));
    pools.push(pool);
  }
  const rounds = Number(process.env.BENCH_EMBED_ROUNDS ?? 3);
  const results = configs.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (const [i, pool] of pools.entries()) results[i].push(await throughput(pool, texts));
  }
  for (const [i, { name }] of configs.entries()) {
    const r = results[i];
    const pick = (key) => median(r.map((x) => x[key]));
    row(`local model, ${name}, median of ${rounds}`, {
      perSecond: pick('perSecond'),
      cpuMs: pick('cpuMs'),
      criticalMs: pick('criticalMs'),
      busy: pick('busy'),
      maxLag: pick('maxLag'),
    });
  }
  console.log(
    `passages/s per round: ${configs.map(({ workers, threads, textsPerMessage = 1 }, i) => `${workers}×${threads}/${textsPerMessage}: ${results[i].map((x) => x.perSecond.toFixed(0)).join(', ')}`).join('; ')}`,
  );
  console.log(
    `load average after: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );

  for (const [i, { workers, threads, textsPerMessage = 1 }] of configs.entries()) {
    const idle = await latency(pools[i]);
    const busy = await questionDuringBatch(pools[i], texts);
    console.log(
      `a question (9 words), ${workers} worker(s) × ${threads} runtime thread(s), ${textsPerMessage} text(s) per message: p50 ${idle.p50.toFixed(1)} ms, p95 ${idle.p95.toFixed(1)} ms; asked during a batch of 32: median ${busy.p50.toFixed(0)} ms, max ${busy.max.toFixed(0)} ms`,
    );
  }
  await Promise.all(pools.map((pool) => pool.close()));

  // The part that runs on the caller's thread.
  const { Tokenizer } = require('@huggingface/tokenizers');
  const tokenizer = new Tokenizer(JSON.parse(readFileSync(join(MODEL_DIR, 'all-minilm-l6-v2-q-tokenizer.json'), 'utf8')), {});
  const started = performance.now();
  let tokens = 0;
  for (const text of texts) tokens += tokenizer.encode(text).ids.length;
  const ms = (performance.now() - started) / texts.length;
  console.log(
    `tokenising on the caller's thread: ${ms.toFixed(2)} ms per passage (${(tokens / texts.length).toFixed(0)} word pieces before truncation to 256)`,
  );
}
