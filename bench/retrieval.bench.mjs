// Retrieval quality on our own evaluation set (test/fixtures/retrieval: 200 passages and 100
// questions per language, each question with the passage that answers it): recall@5 and MRR@10
// for the text leg alone, the vector leg alone, hybrid (weighted RRF) and hybrid + rerank, per
// language. The search stack is the one the configuration builds (the embedded default;
// BENCH_DATABASE_URL for a fresh database on that PostgreSQL server), loaded directly through its index adapters, queried through
// the real HybridRetriever. Also per half of the questions (even / odd numbered): defaults are
// chosen on the even half, the odd half is held out.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freshDatabase } from './product-database.mjs';
import { root } from './support.mjs';

const require = createRequire(import.meta.url);
const { loadConfig } = require(join(root, 'dist/libs/config/src/index.js'));
const { HybridRetriever } = require(join(root, 'dist/libs/adapters/src/index.js'));
const { createReranker, createSearchStack, hybridOptions } = require(join(root, 'dist/libs/runtime/src/index.js'));

const LANGUAGES = ['en', 'ru'];

function load(language) {
  return JSON.parse(readFileSync(join(root, 'test/fixtures/retrieval', `${language}.json`), 'utf8'));
}

/** recall@5 and MRR@10 of ranked passage-id lists against the expected ids. */
function score(rankings, expected) {
  let found = 0;
  let reciprocal = 0;
  rankings.forEach((ids, i) => {
    const rank = ids.indexOf(expected[i]) + 1;
    if (rank >= 1 && rank <= 5) found++;
    if (rank >= 1 && rank <= 10) reciprocal += 1 / rank;
  });
  return { recall5: found / rankings.length, mrr10: reciprocal / rankings.length };
}

const fmt = (n) => n.toFixed(3);

/** Remembers vectors by text: the grid asks for the same queries and passages many times. */
function memoEmbedder(embedder) {
  const memo = new Map();
  return {
    model: embedder.model,
    dimensions: embedder.dimensions,
    async embed(texts, signal) {
      const missing = [...new Set(texts.filter((t) => !memo.has(t)))];
      if (missing.length) (await embedder.embed(missing, signal)).forEach((v, i) => memo.set(missing[i], v));
      return texts.map((t) => memo.get(t));
    },
  };
}

async function seed(db, stack, set) {
  const [user, assistant, document] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
  await db.sql.query(`INSERT INTO users (id, email, name, updated_at) VALUES ($1, $2, 'b', now())`, [user, `bench-${user}@t.test`]);
  await db.sql.query(`INSERT INTO assistants (id, name, llm_model, owner_id, updated_at) VALUES ($1, 'a', 'm', $2, now())`, [assistant, user]);
  await db.sql.query(
    `INSERT INTO knowledge_documents (id, assistant_id, filename, mime_type, size_bytes, checksum, status, live_generation, updated_at) VALUES ($1, $2, 'handbook.md', 'text/markdown', 1, $3, 'ready', 0, now())`,
    [document, assistant, `c-${document}`],
  );
  // One chunk per passage, its heading first as the chunker keeps it.
  const chunks = set.passages.map((p) => ({
    chunkId: crypto.randomUUID(),
    assistantId: assistant,
    documentId: document,
    text: `${p.title}\n\n${p.text}`,
    passageId: p.id,
  }));
  for (const [i, c] of chunks.entries()) {
    await db.sql.query(`INSERT INTO chunks (id, document_id, assistant_id, position, text, token_count) VALUES ($1, $2, $3, $4, $5, 60)`, [
      c.chunkId,
      document,
      assistant,
      i,
      c.text,
    ]);
  }
  await stack.texts.index(chunks);
  const vectors = await stack.embedder.embed(chunks.map((c) => c.text));
  await stack.vectors.upsert(
    chunks.map((c, i) => ({ ...c, vector: vectors[i] })),
    stack.embedder.model,
  );
  return { assistant, chunks, byChunk: new Map(chunks.map((c) => [c.chunkId, c])) };
}

export async function run() {
  // BENCH_OPENSEARCH=1: the text leg on a real OpenSearch node (BM25), as in production.
  const node = process.env.BENCH_OPENSEARCH ? await require(join(root, 'scripts/opensearch-server.cjs')).startOpenSearch() : undefined;
  const scratch = await freshDatabase(process.env.BENCH_DATABASE_URL ? 'postgres' : 'embedded');
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: '',
    ...scratch.env,
    ...(node && { OPENSEARCH_URL: node.url, TEXT_INDEX_NAME: `bench-retrieval-${Date.now()}` }),
  };
  const config = loadConfig(env);
  const { db } = await scratch.open();
  // The database as it is, so that the stack picks the default (BM25 and vectors cached in the process).
  const stack = createSearchStack(config, db.prisma, console.warn, { warmUp: false, database: db });
  const embedder = memoEmbedder(stack.embedder);
  const search = config.search;
  try {
    console.log(
      `text leg: ${stack.texts.engine}; vector leg: ${stack.vectors.engine ?? 'vector'} with ${stack.embedder.model}; rerank: ${search.rerank.engine}`,
    );
    console.log(
      `weights text ${search.weights.text}, vector ${search.weights.vector}, vector non-English ${search.vectorWeightNonEnglish ?? search.weights.vector}; RRF k ${search.rrfK}; rerank ${JSON.stringify(search.rerank)}`,
    );
    const legs = { text: stack.texts, vector: { index: stack.vectors, embedder } };
    const fusion = { ...hybridOptions(search), legTimeoutMs: 60_000, rerankTimeoutMs: 60_000 };
    // As the stack builds it: reading the candidates' stored vectors from the vector index.
    const reranker = createReranker(search.rerank, embedder, stack.vectors);
    const variants = {
      'text only': new HybridRetriever(db.prisma, { text: legs.text }, fusion),
      'vector only': new HybridRetriever(db.prisma, { vector: legs.vector }, fusion),
      hybrid: new HybridRetriever(db.prisma, { text: legs.text, vector: legs.vector }, fusion),
      'hybrid + rerank': new HybridRetriever(db.prisma, { ...legs, reranker }, fusion),
    };
    const table = [];
    for (const language of LANGUAGES) {
      const set = load(language);
      const kb = await seed(db, stack, set);
      // Ranked by the caches, not by SQL while they fill.
      await stack.texts.warm?.(kb.assistant);
      await stack.vectors.warm?.(kb.assistant, stack.embedder.model, stack.embedder.dimensions);
      const expected = set.questions.map((q) => q.passageId);
      const row = { language };
      for (const [name, retriever] of Object.entries(variants)) {
        const rankings = [];
        for (const q of set.questions) {
          const { passages } = await retriever.retrieve(kb.assistant, q.question, 10);
          rankings.push(passages.map((p) => kb.byChunk.get(p.chunkId).passageId));
        }
        row[name] = score(rankings, expected);
        for (const [half, parity] of [
          ['even', 0],
          ['odd', 1],
        ]) {
          row[`${name} ${half}`] = score(
            rankings.filter((_, i) => i % 2 === parity),
            expected.filter((_, i) => i % 2 === parity),
          );
        }
        // Per kind of question: paraphrases (meaning) and keyword-heavy ones (names).
        for (const kind of ['paraphrase', 'keyword']) {
          const at = set.questions.map((q, i) => (q.kind === kind ? i : -1)).filter((i) => i >= 0);
          row[`${name} ${kind}`] = score(
            at.map((i) => rankings[i]),
            at.map((i) => expected[i]),
          );
        }
      }
      table.push(row);
      // A chat turn's retrieval, the real embedder (no memo), a fresh reranker each time (nothing
      // cached, as for passages not seen since the start): embedding every candidate against
      // reading the stored vectors.
      for (const [label, stored] of [
        ['embeds candidates', undefined],
        ['stored vectors', stack.vectors],
      ]) {
        const times = [];
        for (const q of set.questions.slice(0, 30)) {
          const retriever = new HybridRetriever(
            db.prisma,
            { text: stack.texts, vector: { index: stack.vectors, embedder: stack.embedder }, reranker: createReranker(search.rerank, stack.embedder, stored) },
            fusion,
          );
          const started = performance.now();
          await retriever.retrieve(kb.assistant, q.question, 10);
          times.push(performance.now() - started);
        }
        times.sort((a, b) => a - b);
        row[`turn ${label}`] = `p50 ${times[15].toFixed(0)} ms, p95 ${times[28].toFixed(0)} ms`;
      }
    }
    console.log('\n| language | measure | text only | vector only | hybrid | hybrid + rerank |\n|---|---|---|---|---|---|');
    for (const row of table) {
      for (const [label, key] of [
        ['recall@5', 'recall5'],
        ['MRR@10', 'mrr10'],
      ]) {
        console.log(
          `| ${row.language} | ${label} | ${Object.keys(variants)
            .map((n) => fmt(row[n][key]))
            .join(' | ')} |`,
        );
      }
    }
    console.log('\nrecall@5 by kind of question (paraphrased / keyword-heavy):');
    for (const row of table) {
      console.log(
        `  ${row.language}: ${Object.keys(variants)
          .map((n) => `${n} ${fmt(row[`${n} paraphrase`].recall5)} / ${fmt(row[`${n} keyword`].recall5)}`)
          .join('; ')}`,
      );
    }
    console.log('\nhybrid + rerank retrieval of a chat turn (10 passages, 30 questions, nothing cached):');
    for (const row of table)
      console.log(`  ${row.language}: embedding the candidates ${row['turn embeds candidates']}; reading their stored vectors ${row['turn stored vectors']}`);
    console.log('\nby half (even-numbered questions chose the defaults; odd-numbered held out), recall@5 / MRR@10:');
    for (const row of table) {
      for (const half of ['even', 'odd']) {
        console.log(
          `  ${row.language} ${half}: ${Object.keys(variants)
            .map((n) => `${n} ${fmt(row[`${n} ${half}`].recall5)} / ${fmt(row[`${n} ${half}`].mrr10)}`)
            .join('; ')}`,
        );
      }
    }
  } finally {
    await stack.close();
    await db.close();
    await scratch.drop();
    await node?.stop();
  }
}
