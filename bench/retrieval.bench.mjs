// Retrieval quality on our own evaluation set (test/fixtures/retrieval: 200 passages and 100
// questions per language, each question with the passage that answers it): recall@5 and MRR@10
// for the text leg alone, the vector leg alone, hybrid (weighted RRF) and hybrid + rerank, per
// language. The search stack is the one the configuration builds (embedded PGlite by default;
// BENCH_DATABASE_URL for PostgreSQL), loaded directly through its index adapters, queried through
// the real HybridRetriever. Then a grid over the fusion and rerank settings, on the legs' own
// rankings (fusion and reranking are pure arithmetic over them), to pick the defaults.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './support.mjs';

const require = createRequire(import.meta.url);
const { openDatabase } = require(join(root, 'dist/libs/db/src/index.js'));
const { loadConfig } = require(join(root, 'dist/libs/config/src/index.js'));
const { HashingEmbedder, HybridRetriever, LocalReranker } = require(join(root, 'dist/libs/adapters/src/index.js'));
const { fuseRanks } = require(join(root, 'dist/libs/domain/src/index.js'));
const { createSearchStack } = require(join(root, 'dist/libs/workflows/src/index.js'));

const LANGUAGES = ['en', 'ru'];
const DEPTH = 50;

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
  const chunks = set.passages.map((p) => ({ chunkId: crypto.randomUUID(), assistantId: assistant, documentId: document, text: `${p.title}\n\n${p.text}`, passageId: p.id }));
  for (const [i, c] of chunks.entries()) {
    await db.sql.query(`INSERT INTO chunks (id, document_id, assistant_id, position, text, token_count) VALUES ($1, $2, $3, $4, $5, 60)`, [c.chunkId, document, assistant, i, c.text]);
  }
  await stack.texts.index(chunks);
  const vectors = await stack.embedder.embed(chunks.map((c) => c.text));
  await stack.vectors.upsert(chunks.map((c, i) => ({ ...c, vector: vectors[i] })), stack.embedder.model);
  return { assistant, chunks, byChunk: new Map(chunks.map((c) => [c.chunkId, c])) };
}

export async function run() {
  // BENCH_OPENSEARCH=1: the text leg on a real OpenSearch node (BM25), as in production.
  const node = process.env.BENCH_OPENSEARCH ? await require(join(root, 'scripts/opensearch-server.cjs')).startOpenSearch() : undefined;
  const env = { ...process.env, NODE_ENV: 'production', DATABASE_URL: process.env.BENCH_DATABASE_URL ?? '', ...(node && { OPENSEARCH_URL: node.url, TEXT_INDEX_NAME: `bench-retrieval-${Date.now()}` }) };
  const config = loadConfig(env);
  const db = await openDatabase(process.env.BENCH_DATABASE_URL ? { kind: 'postgres', url: process.env.BENCH_DATABASE_URL } : { kind: 'pglite', dataDir: 'memory://' });
  const stack = createSearchStack(config, db.prisma, console.warn, { warmUp: false, sql: db.sql });
  const embedder = memoEmbedder(stack.embedder);
  const search = config.search;
  const local = search.rerank.engine === 'local' ? search.rerank : { semantic: 0.8, semanticNonEnglish: 0.35, nonEnglish: 'lexical', lambda: 0.85, pool: 3 };
  try {
    console.log(`text leg: ${stack.texts.engine}; vector leg: ${stack.vectors.engine ?? 'vector'} with ${stack.embedder.model}; rerank: ${search.rerank.engine}`);
    console.log(`weights text ${search.weights.text}, vector ${search.weights.vector}, vector non-English ${search.vectorWeightNonEnglish ?? search.weights.vector}; RRF k ${search.rrfK}; local rerank semantic ${local.semantic} / non-English ${local.semanticNonEnglish} (${local.nonEnglish}), λ ${local.lambda}, pool ${local.pool}×`);
    const legs = { text: stack.texts, vector: { index: stack.vectors, embedder } };
    const fusion = { k: search.rrfK, weights: search.weights, vectorWeightNonEnglish: search.vectorWeightNonEnglish, legTimeoutMs: 60_000, rerankTimeoutMs: 60_000, rerankPool: local.pool };
    const reranker = new LocalReranker(embedder, { semantic: local.semantic, semanticNonEnglish: local.semanticNonEnglish, nonEnglish: local.nonEnglish, lambda: local.lambda });
    const variants = {
      'text only': new HybridRetriever(db.prisma, { text: legs.text }, fusion),
      'vector only': new HybridRetriever(db.prisma, { vector: legs.vector }, fusion),
      hybrid: new HybridRetriever(db.prisma, { text: legs.text, vector: legs.vector }, fusion),
      'hybrid + rerank': new HybridRetriever(db.prisma, { ...legs, reranker }, fusion),
    };
    const table = [];
    const raw = {};
    for (const language of LANGUAGES) {
      const set = load(language);
      const kb = await seed(db, stack, set);
      const expected = set.questions.map((q) => q.passageId);
      const row = { language };
      for (const [name, retriever] of Object.entries(variants)) {
        const rankings = [];
        for (const q of set.questions) {
          const { passages } = await retriever.retrieve(kb.assistant, q.question, 10);
          rankings.push(passages.map((p) => kb.byChunk.get(p.chunkId).passageId));
        }
        row[name] = score(rankings, expected);
        // Per kind of question: paraphrases (meaning) and keyword-heavy ones (names).
        for (const kind of ['paraphrase', 'keyword']) {
          const at = set.questions.map((q, i) => (q.kind === kind ? i : -1)).filter((i) => i >= 0);
          row[`${name} ${kind}`] = score(at.map((i) => rankings[i]), at.map((i) => expected[i]));
        }
      }
      table.push(row);
      // The legs' own rankings, for the grid below.
      raw[language] = { kb, set, expected, hits: [] };
      for (const q of set.questions) {
        const text = await stack.texts.search(kb.assistant, q.question, DEPTH);
        const [v] = await embedder.embed([q.question]);
        const vector = await stack.vectors.search(kb.assistant, embedder.model, v, DEPTH);
        raw[language].hits.push({ text, vector });
      }
    }
    console.log('\n| language | measure | text only | vector only | hybrid | hybrid + rerank |\n|---|---|---|---|---|---|');
    for (const row of table) {
      for (const [label, key] of [['recall@5', 'recall5'], ['MRR@10', 'mrr10']]) {
        console.log(`| ${row.language} | ${label} | ${Object.keys(variants).map((n) => fmt(row[n][key])).join(' | ')} |`);
      }
    }
    console.log('\nrecall@5 by kind of question (paraphrased / keyword-heavy):');
    for (const row of table) {
      console.log(`  ${row.language}: ${Object.keys(variants).map((n) => `${n} ${fmt(row[`${n} paraphrase`].recall5)} / ${fmt(row[`${n} keyword`].recall5)}`).join('; ')}`);
    }
    rerankers.embedder = embedder;
    await grid(raw, search.rrfK);
  } finally {
    await stack.close();
    await db.close();
    await node?.stop();
  }
}

/** Fusion and reranking over the legs' recorded rankings, for many settings at once. */
async function grid(raw, k) {
  console.log('\ngrid (recall@5 / MRR@10), same set; weights are the vector leg\'s (text 1):');
  for (const language of LANGUAGES) {
    const { kb, set, expected, hits } = raw[language];
    const text = new Map(kb.chunks.map((c) => [c.chunkId, c.text]));
    const rows = [];
    for (const k of [20, 60]) {
      // `off`: the vector leg not run at all (a weight of 0 in the retriever); 0: run, its finds only at the tail.
      for (const vectorWeight of ['off', 0, 0.1, 0.3, 0.5, 1, 1.5]) {
        const fused = hits.map((h) => fuseRanks(vectorWeight === 'off' ? { text: h.text } : h, { k, weights: { text: 1, vector: vectorWeight === 'off' ? 0 : vectorWeight } }));
        const plain = score(fused.map((f) => f.slice(0, 10).map((x) => kb.byChunk.get(x.chunkId).passageId)), expected);
        rows.push({ k, vectorWeight, semantic: '-', lambda: '-', pool: '-', ...plain });
        for (const semantic of [0.1, 0.2, 0.35, 0.5, 0.8, 0.9]) {
          for (const lambda of [0.85, 1]) {
            for (const pool of [3, 5]) {
              const reranker = rerankers.get(language, semantic, lambda);
              const rankings = [];
              for (const [i, f] of fused.entries()) {
                const candidates = f.slice(0, 10 * pool).map((x) => ({ chunkId: x.chunkId, text: text.get(x.chunkId), score: x.score }));
                const ranked = await reranker.rerank(set.questions[i].question, candidates, 10);
                rankings.push(ranked.map((x) => kb.byChunk.get(x.chunkId).passageId));
              }
              rows.push({ k, vectorWeight, semantic, lambda, pool, ...score(rankings, expected) });
            }
          }
          // The same with a lexical similarity (the hashing embedder's word and trigram vectors) in place of the model's.
          const lexical = rerankers.get(language, semantic, 0.85, 'hashing');
          const rankings = [];
          for (const [i, f] of fused.entries()) {
            const candidates = f.slice(0, 30).map((x) => ({ chunkId: x.chunkId, text: text.get(x.chunkId), score: x.score }));
            rankings.push((await lexical.rerank(set.questions[i].question, candidates, 10)).map((x) => kb.byChunk.get(x.chunkId).passageId));
          }
          rows.push({ k, vectorWeight, semantic: `${semantic} lexical`, lambda: 0.85, pool: 3, ...score(rankings, expected) });
        }
      }
    }
    rows.sort((a, b) => b.recall5 - a.recall5 || b.mrr10 - a.mrr10);
    const line = (r) => `k ${r.k}, vector ${r.vectorWeight}, semantic ${r.semantic}, λ ${r.lambda}, pool ${r.pool}×: ${fmt(r.recall5)} / ${fmt(r.mrr10)}`;
    console.log(`  ${language}: best 10 of ${rows.length}`);
    for (const r of rows.slice(0, 10)) console.log(`    ${line(r)}`);
    console.log('    hybrid without rerank:');
    for (const r of rows.filter((r) => r.semantic === '-')) console.log(`      ${line(r)}`);
    // The numbers of every setting, for a default that is good on both languages rather than the top of one.
    GRID[language] = rows;
  }
}

export const GRID = {};

/** One LocalReranker per setting, sharing one memo of vectors; the semantic share applies whatever the language. */
const rerankers = {
  cache: new Map(),
  embedder: null,
  get(language, semantic, lambda, kind = 'model') {
    const key = `${language}:${semantic}:${lambda}:${kind}`;
    const embedder = kind === 'hashing' ? new HashingEmbedder() : this.embedder;
    if (!this.cache.has(key)) this.cache.set(key, new LocalReranker(embedder, { semantic, semanticNonEnglish: semantic, nonEnglish: 'model', lambda }));
    return this.cache.get(key);
  },
};
