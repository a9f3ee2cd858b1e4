// Ingest throughput and chat beside a large ingest (issue 8, "Evaluation and benchmarks"), embedded
// runner, the embedded PostgreSQL (or a server with BENCH_DATABASE_URL):
// 1. MB/min and chunks/s per embedder, upload POST → document ready, nobody chatting: the hashing
//    embedder (offline, in the CPU pool) on BENCH_INGEST_BYTES (10 MB), the local model
//    (all-MiniLM-L6-v2, ~14 ms of CPU a passage) on BENCH_INGEST_LOCAL_BYTES (1 MB);
//    BENCH_INGEST_EMBEDDERS=hashing,local picks them ('' skips this part).
//    BENCH_CORPUS=varied uploads the evaluation set's passages shuffled (short chunks) instead of one
//    paragraph repeated (full-size chunks of the assistant's 256 tokens: the hard case for chunks/s).
// 2. Chat-turn p95 while a BENCH_BESIDE_BYTES (50 MB) upload is ingested with the hashing embedder
//    (the local model would take hours for 50 MB), beside the same figure idle (0 skips this part).
import { chatBesideIngest, databaseName, printChatBesideIngest, startEmbeddedApp } from './ingest-support.mjs';

const EMBEDDERS = (process.env.BENCH_INGEST_EMBEDDERS ?? 'hashing,local')
  .split(',')
  .map((e) => e.trim())
  .filter(Boolean);
const BYTES = { hashing: Number(process.env.BENCH_INGEST_BYTES ?? 10_000_000), local: Number(process.env.BENCH_INGEST_LOCAL_BYTES ?? 1_000_000) };
const BESIDE_BYTES = Number(process.env.BENCH_BESIDE_BYTES ?? 50_000_000);

async function throughput(embeddingModel, bytes) {
  const app = await startEmbeddedApp({ uploadBytes: bytes, embeddingModel });
  try {
    // A small document first, so the model (and the indexes) are loaded before the clock runs.
    await (
      await app.upload(20_000, 'Warm-up')
    ).ready;
    const upload = await app.upload(bytes);
    const { status, ingestMs, document } = await upload.ready;
    return { status, ingestMs, uploadMs: upload.uploadMs, chunks: document.chunkCount, tokens: document.tokenCount };
  } finally {
    await app.close();
  }
}

export async function run() {
  if (EMBEDDERS.length) {
    console.log(
      `ingest throughput, embedded runner (${databaseName()}), Markdown upload POST → ready, nobody chatting, ${process.env.BENCH_CORPUS ?? 'repeated'} handbook:`,
    );
    console.log(
      `  ${'embedder'.padEnd(9)} ${'MB'.padStart(6)} ${'chunks'.padStart(7)} ${'tokens/chunk'.padStart(13)} ${'upload'.padStart(9)} ${'to ready'.padStart(9)} ${'MB/min'.padStart(8)} ${'chunks/s'.padStart(9)}`,
    );
    for (const embedder of EMBEDDERS) {
      if (!BYTES[embedder]) throw new Error(`unknown embedder "${embedder}" (hashing or local)`);
      const r = await throughput(embedder, BYTES[embedder]);
      const seconds = r.ingestMs / 1000;
      console.log(
        `  ${embedder.padEnd(9)} ${(BYTES[embedder] / 1e6).toFixed(1).padStart(6)} ${String(r.chunks).padStart(7)} ${(r.tokens / r.chunks).toFixed(0).padStart(13)} ${`${r.uploadMs.toFixed(0)} ms`.padStart(9)} ${`${seconds.toFixed(1)} s`.padStart(9)} ${(BYTES[embedder] / 1e6 / (seconds / 60)).toFixed(1).padStart(8)} ${(r.chunks / seconds).toFixed(0).padStart(9)}${r.status === 'ready' ? '' : `  (${r.status})`}`,
      );
    }
  }
  if (BESIDE_BYTES > 0) {
    const result = await chatBesideIngest({ uploadBytes: BESIDE_BYTES, idleTurns: Number(process.env.BENCH_IDLE_TURNS ?? 100) });
    printChatBesideIngest('chat beside ingest, hashing embedder, embedded runner', result);
    const seconds = result.ingestMs / 1000;
    console.log(`  ingest beside chat: ${(BESIDE_BYTES / 1e6 / (seconds / 60)).toFixed(1)} MB/min, ${(result.chunkCount / seconds).toFixed(0)} chunks/s`);
  }
}
