// Embedding throughput for 200-word passages: the hashing embedder and the local ONNX model
// (threads, concurrent callers), the tokeniser's share on the calling thread, and how long the
// event loop is held meanwhile (what a request arriving then would wait).
import { readFileSync } from 'node:fs';
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
  const cpu = process.cpuUsage();
  const started = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: callers }, async () => {
    while (next < batches.length) await embedder.embed(batches[next++]);
  }));
  const seconds = (performance.now() - started) / 1000;
  const busy = performance.eventLoopUtilization(elu).utilization;
  clearInterval(probe);
  maxLag = Math.max(maxLag, performance.now() - last - 10);
  const used = process.cpuUsage(cpu);
  // CPU time of every thread of this process: what a passage costs whatever else the machine runs.
  const cpuMs = (used.user + used.system) / 1000 / texts.length;
  return { perSecond: texts.length / seconds, busy, maxLag, cpuMs };
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
  console.log(`| ${name} | ${r.perSecond.toFixed(0)} | ${r.cpuMs.toFixed(2)} ms | ${(r.busy * 100).toFixed(0)} % | ${r.maxLag.toFixed(0)} ms |`);
}

export async function run() {
  console.log(`${availableParallelism()} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} (shared machine: other work competes)`);
  console.log('| embedder | passages/s (200 words) | CPU per passage | event loop busy | longest timer delay |');
  console.log('|---|---|---|---|---|');
  const hashing = new HashingEmbedder();
  await hashing.embed(passages(50));
  row('hashing', await throughput(hashing, passages(3000)));

  if (!localModelPresent(MODEL_DIR)) {
    console.log(`local model not in ${MODEL_DIR}: run node scripts/embedding-model.cjs --prefetch`);
    return;
  }
  const texts = passages(200);
  const queryLatency = [];
  const configs = [
    { where: 'this thread', threads: 1, callers: 1 },
    { where: 'this thread', threads: 2, callers: 1 },
    { where: 'worker thread (default)', threads: 1, callers: 1 },
    { where: 'worker thread (default)', threads: 2, callers: 1 },
  ];
  for (const { where, threads, callers } of configs) {
    const options = { modelDir: MODEL_DIR, threads };
    const local = where === 'this thread' ? new LocalOnnxEmbedder(options) : new ThreadedOnnxEmbedder(options);
    await local.warmUp();
    await local.embed(texts.slice(0, 8));
    row(`local model on ${where}, ${threads} runtime thread${threads > 1 ? 's' : ''}`, await throughput(local, texts, { callers }));
    if (where !== 'this thread') queryLatency.push([threads, await latency(local)]);
    await local.close();
  }

  for (const [threads, r] of queryLatency) console.log(`a question (9 words) on the worker thread, ${threads} runtime thread(s): p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms`);

  // The part that runs on the caller's thread.
  const { Tokenizer } = require('@huggingface/tokenizers');
  const tokenizer = new Tokenizer(JSON.parse(readFileSync(join(MODEL_DIR, 'all-minilm-l6-v2-q-tokenizer.json'), 'utf8')), {});
  const started = performance.now();
  let tokens = 0;
  for (const text of texts) tokens += tokenizer.encode(text).ids.length;
  const ms = (performance.now() - started) / texts.length;
  console.log(`tokenising on the caller's thread: ${ms.toFixed(2)} ms per passage (${(tokens / texts.length).toFixed(0)} word pieces before truncation to 256)`);
}
