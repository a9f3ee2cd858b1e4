import { type AppConfig, loadConfig } from '@assistants/config';
import { type Database, openDatabase } from '@assistants/db';
import { localModelPresent, HybridRetriever } from '@assistants/adapters';
import { createSearchStack, hybridOptions, type SearchStack } from '@assistants/workflows';
import { type Retriever } from '@assistants/domain';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { scratchTarget } from '../support/test-database';

const MODEL_DIR = resolve(__dirname, '../../.cache/models/all-minilm-l6-v2-q');
const present = localModelPresent(MODEL_DIR);
if (!present) console.warn(`SKIPPED: local embedding model not in ${MODEL_DIR}; run node scripts/embedding-model.cjs --prefetch`);

interface EvalSet {
  passages: { id: string; title: string; text: string }[];
  questions: { id: string; question: string; passageId: string; kind: string }[];
}
const load = (language: string): EvalSet => JSON.parse(readFileSync(resolve(__dirname, '../fixtures/retrieval', `${language}.json`), 'utf8'));

/**
 * A slice of the retrieval evaluation (`npm run bench -- retrieval` runs all of it): every fifth
 * question, against all 200 passages, through the search stack the default configuration builds.
 * The promise of reranking is that the whole beats either leg alone.
 */
(present ? describe : describe.skip)('retrieval evaluation, a slice: hybrid + rerank against each leg alone', () => {
  let scratch: Awaited<ReturnType<typeof scratchTarget>>;
  let db: Database;
  let stack: SearchStack;
  let config: AppConfig;
  beforeAll(async () => {
    scratch = await scratchTarget();
    db = await openDatabase(scratch.target);
    config = loadConfig({ EMBEDDING_MODEL_DIR: MODEL_DIR, NODE_ENV: 'test' });
    stack = createSearchStack(config, db.prisma, () => undefined, { warmUp: false, sql: db.sql });
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
    await db?.close();
    await scratch?.drop();
  });

  async function seed(set: EvalSet) {
    const [user, assistant, document] = [randomUUID(), randomUUID(), randomUUID()];
    await db.sql.query(`INSERT INTO users (id, email, name, updated_at) VALUES ($1, $2, 'u', now())`, [user, `${user}@t.test`]);
    await db.sql.query(`INSERT INTO assistants (id, name, llm_model, owner_id, updated_at) VALUES ($1, 'a', 'm', $2, now())`, [assistant, user]);
    await db.sql.query(
      `INSERT INTO knowledge_documents (id, assistant_id, filename, mime_type, size_bytes, checksum, status, live_generation, updated_at) VALUES ($1, $2, 'handbook.md', 'text/markdown', 1, $3, 'ready', 0, now())`,
      [document, assistant, randomUUID()],
    );
    const chunks = set.passages.map((p) => ({ chunkId: randomUUID(), assistantId: assistant, documentId: document, text: `${p.title}\n\n${p.text}`, passageId: p.id }));
    for (const [i, c] of chunks.entries()) {
      await db.sql.query(`INSERT INTO chunks (id, document_id, assistant_id, position, text, token_count) VALUES ($1, $2, $3, $4, $5, 60)`, [c.chunkId, document, assistant, i, c.text]);
    }
    await stack.texts.index(chunks);
    const vectors = await stack.embedder.embed(chunks.map((c) => c.text));
    await stack.vectors.upsert(chunks.map((c, i) => ({ ...c, vector: vectors[i] })), stack.embedder.model);
    return { assistant, passageOf: new Map<string, string>(chunks.map((c) => [c.chunkId, c.passageId])) };
  }

  it.each(['en', 'ru'])('%s: recall@5 of hybrid + rerank is at least that of the text leg and of the vector leg', async (language) => {
    const set = load(language);
    const kb = await seed(set);
    const slice = set.questions.filter((_, i) => i % 5 === 0);
    // The stack's own retriever (fusion weights, reranker) and each of its legs alone, with the same settings.
    const options = hybridOptions(config.search);
    const variants: Record<string, Retriever> = {
      text: new HybridRetriever(db.prisma, { text: stack.texts }, options),
      vector: new HybridRetriever(db.prisma, { vector: { index: stack.vectors, embedder: stack.embedder } }, options),
      'hybrid + rerank': stack.retriever,
    };
    const recall: Record<string, number> = {};
    for (const [name, retriever] of Object.entries(variants)) {
      let found = 0;
      for (const q of slice) {
        const { passages } = await retriever.retrieve(kb.assistant, q.question, 5);
        if (passages.some((p) => kb.passageOf.get(p.chunkId) === q.passageId)) found++;
      }
      recall[name] = found / slice.length;
    }
    expect(slice).toHaveLength(20);
    expect(recall['hybrid + rerank']).toBeGreaterThanOrEqual(recall.text);
    expect(recall['hybrid + rerank']).toBeGreaterThanOrEqual(recall.vector);
    // Printed, so a run shows the margins and not only that they held.
    console.log(`${language} slice recall@5: ${Object.entries(recall).map(([n, r]) => `${n} ${r.toFixed(2)}`).join(', ')}`);
  }, 300_000);
});
