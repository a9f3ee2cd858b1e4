import { loadConfig } from '@assistants/config';
import { type Database, openDatabase, type SqlRunner } from '@assistants/db';
import { createSearchStack } from '@assistants/workflows';
import { DatabaseVectorIndex, PgliteBm25TextIndex, PgvectorVectorIndex, PostgresTextIndex } from '@assistants/adapters';
import { randomUUID } from 'node:crypto';
import { useScratchDatabase } from '../support/test-database';

/** An owner, an assistant and a ready document, and a way to add chunks to it. */
async function seed(sql: SqlRunner) {
  const [user, assistant] = [randomUUID(), randomUUID()];
  await sql.query(`INSERT INTO users (id, email, name, updated_at) VALUES ($1, $2, 'u', now())`, [user, `${user}@t.test`]);
  await sql.query(`INSERT INTO assistants (id, name, llm_model, owner_id, updated_at) VALUES ($1, 'a', 'm', $2, now())`, [assistant, user]);
  const addDocument = async (status = 'ready') => {
    const id = randomUUID();
    await sql.query(
      `INSERT INTO knowledge_documents (id, assistant_id, filename, mime_type, size_bytes, checksum, status, updated_at)
       VALUES ($1, $2, 'f.txt', 'text/plain', 1, $3, $4, now())`,
      [id, assistant, randomUUID(), status],
    );
    await sql.query(`UPDATE knowledge_documents SET live_generation = 0 WHERE id = $1 AND status = 'ready'`, [id]);
    return id;
  };
  const first = await addDocument();
  let position = 0;
  /** Chunks in one statement (the vector tests add a few thousand). */
  const chunks = async (texts: string[], documentId = first) => {
    const ids = texts.map(() => randomUUID());
    await sql.query(
      `INSERT INTO chunks (id, document_id, assistant_id, position, text, token_count)
       SELECT id, $2::uuid, $3::uuid, $4 + n, text, 1 FROM unnest($1::uuid[], $5::text[]) WITH ORDINALITY AS t(id, text, n)`,
      [ids, documentId, assistant, position, texts],
    );
    position += texts.length;
    return ids.map((chunkId, i) => ({ chunkId, assistantId: assistant, documentId, text: texts[i] }));
  };
  return { assistant, document: first, addDocument, chunks };
}

const ids = (hits: { chunkId: string }[]) => hits.map((h) => h.chunkId);

describe('embedded PGlite with pg_textsearch and pgvector', () => {
  let db: Database;
  beforeAll(async () => {
    // Always PGlite: these adapters exist for it, whatever database the rest of the run uses.
    db = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
  });
  afterAll(async () => db?.close());

  it('offers both extensions without the migrations having created either', async () => {
    expect(db.extensions).toEqual({ vector: true, bm25: true });
    const created = await db.sql.query<{ extname: string }>(`SELECT extname FROM pg_extension WHERE extname IN ('vector', 'pg_textsearch')`);
    expect(created).toEqual([]);
  });

  describe('PgliteBm25TextIndex', () => {
    it('stems English and Russian, keeps to the assistant and its ready documents, and forgets deleted chunks', async () => {
      const index = new PgliteBm25TextIndex(db.sql);
      const s = await seed(db.sql);
      const [en, ru, both, digits] = await s.chunks([
        'The old dog runs through the park every morning.',
        'Собаки бегают по парку каждое утро.',
        'Running, running and running again: runners run.',
        '12345 678',
      ]);
      await index.index([en, ru, both, digits]);
      const running = await index.search(s.assistant, 'running', 10);
      expect(ids(running)).toEqual([both.chunkId, en.chunkId]);
      expect(running[0].score).toBeGreaterThan(running[1].score);
      expect(running[1].score).toBeGreaterThan(0);
      // Without the index scan (a planner's choice on tiny tables) the scan's own scores are stale: scored again, the same.
      await db.sql.query(`SET enable_indexscan = off`);
      try {
        const scanned = await index.search(s.assistant, 'running', 10);
        expect(ids(scanned)).toEqual(ids(running));
        scanned.forEach((hit, i) => expect(hit.score).toBeCloseTo(running[i].score, 4));
      } finally {
        await db.sql.query(`RESET enable_indexscan`);
      }
      expect(ids(await index.search(s.assistant, 'собака бежит', 10))).toEqual([ru.chunkId]);
      expect(ids(await index.search(s.assistant, 'the parks', 10))).toEqual([en.chunkId]);
      expect(ids(await index.search(s.assistant, '12345', 10))).toEqual([digits.chunkId]);
      // Stop words alone and punctuation match nothing.
      expect(await index.search(s.assistant, 'the and', 10)).toEqual([]);
      expect(await index.search(s.assistant, '?!', 10)).toEqual([]);

      // Another assistant's chunk with the same words stays out; so does a document still being processed.
      const other = await seed(db.sql);
      await other.chunks(['Running dogs run.']);
      const processing = await s.addDocument('processing');
      await s.chunks(['Running is what runners do.'], processing);
      expect(ids(await index.search(s.assistant, 'running', 10))).toEqual([both.chunkId, en.chunkId]);
      expect(await index.search(randomUUID(), 'running', 10)).toEqual([]);
      expect(await index.search(s.assistant, 'running', 1)).toHaveLength(1);

      // Deleting the document deletes its chunks, and with them the words.
      await index.deleteDocument();
      await db.sql.query(`DELETE FROM knowledge_documents WHERE id = $1`, [s.document]);
      expect(await index.search(s.assistant, 'running', 10)).toEqual([]);
    });

    it('ranks a rare query word above a common one where ts_rank (no document frequencies) does not', async () => {
      const bm25 = new PgliteBm25TextIndex(db.sql);
      const gin = new PostgresTextIndex(db.prisma);
      const s = await seed(db.sql);
      const filler = Array.from({ length: 8 }, (_, i) => `Company policy number ${i} covers the office.`);
      const chunks = await s.chunks([
        ...filler,
        'Policy, policy, policy: the policy of policies.',
        'Refunds take five days.',
        'Возвраты денег оформляются за пять дней.',
        'Политика компании распространяется на всех.',
      ]);
      await gin.index(chunks);
      await bm25.index(chunks);
      const [policyHeavy, refund, ruRefund] = [chunks[8], chunks[9], chunks[10]];
      // Both stem "refunds" and Russian "возврат"; only BM25 weighs "refund" (in one chunk) over "policy" (in ten).
      expect(ids(await bm25.search(s.assistant, 'refund policy', 3))[0]).toBe(refund.chunkId);
      expect(ids(await gin.search(s.assistant, 'refund policy', 3))[0]).toBe(policyHeavy.chunkId);
      expect(ids(await bm25.search(s.assistant, 'возврат', 3))).toEqual([ruRefund.chunkId]);
      expect(ids(await gin.search(s.assistant, 'возврат', 3))).toEqual([ruRefund.chunkId]);
      expect(ids(await bm25.search(s.assistant, 'refunded', 3))).toEqual([refund.chunkId]);
      expect(ids(await gin.search(s.assistant, 'refunded', 3))).toEqual([refund.chunkId]);
    });
  });

  describe('PgvectorVectorIndex', () => {
    // A fixed pseudo-random sequence (mulberry32): the same vectors every run.
    let state = 42;
    const random = () => {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return (((t ^ (t >>> 14)) >>> 0) / 2 ** 32) * 2 - 1;
    };
    const randomVector = (n: number) => Array.from({ length: n }, random);

    it('finds the same top k as the exact index, through its HNSW index, per assistant and model', async () => {
      const hnsw = new PgvectorVectorIndex(db.prisma, db.sql);
      const exact = new DatabaseVectorIndex(db.prisma, db.sql);
      await hnsw.start();
      const big = await seed(db.sql);
      const small = await seed(db.sql);
      const bigChunks = await big.chunks(Array.from({ length: 1500 }, (_, i) => `chunk ${i}`));
      const smallChunks = await small.chunks(Array.from({ length: 5 }, (_, i) => `small ${i}`));
      const indexed = (chunks: typeof bigChunks, n: number) => chunks.map((c) => ({ ...c, vector: randomVector(n) }));
      await hnsw.upsert(indexed(bigChunks, 32), 'model-a');
      await hnsw.upsert(indexed(smallChunks, 32), 'model-a');
      // Another model with another dimension in the same table: an index of its own.
      // (One vector per chunk: other chunks.)
      const otherModelChunks = await small.chunks(['b 1', 'b 2', 'b 3', 'b 4']);
      await hnsw.upsert(indexed(otherModelChunks, 8), 'model-b');

      for (let q = 0; q < 10; q++) {
        const query = randomVector(32);
        const approximate = await hnsw.search(big.assistant, 'model-a', query, 10);
        const truth = await exact.search(big.assistant, 'model-a', query, 10);
        expect(ids(approximate)).toEqual(ids(truth));
        approximate.forEach((hit, i) => expect(hit.score).toBeCloseTo(truth[i].score, 5));
      }
      // The small assistant gets all of its own vectors, though the scan meets the big one's first.
      const mine = await hnsw.search(small.assistant, 'model-a', randomVector(32), 10);
      expect(ids(mine).sort()).toEqual(ids(smallChunks).sort());
      expect(ids(await hnsw.search(small.assistant, 'model-b', randomVector(8), 3)).every((id) => ids(otherModelChunks).includes(id))).toBe(true);
      expect(await hnsw.search(small.assistant, 'model-b', randomVector(8), 10)).toHaveLength(4);
      expect(await hnsw.search(small.assistant, 'model-c', randomVector(8), 3)).toEqual([]);

      // The planner takes the partial HNSW index for the big assistant's search.
      const name = PgvectorVectorIndex.indexName('model-a', 32);
      const plan = await db.sql.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN SELECT chunk_id FROM chunk_vectors WHERE model = 'model-a' AND cardinality(embedding) = 32 AND assistant_id = $1::uuid
         ORDER BY embedding::vector(32) <=> $2::vector(32) LIMIT 10`,
        [big.assistant, `[${randomVector(32).join(',')}]`],
      );
      expect(plan.map((row) => row['QUERY PLAN']).join('\n')).toContain(name);

      // Deleting a document takes its vectors out of the index.
      await hnsw.deleteDocument(small.document);
      expect(await hnsw.search(small.assistant, 'model-a', randomVector(32), 10)).toEqual([]);
    });

    it('builds the indexes for vectors stored before it started (a restart)', async () => {
      const s = await seed(db.sql);
      const chunks = await s.chunks(['a', 'b', 'c']);
      await new DatabaseVectorIndex(db.prisma, db.sql).upsert(chunks.map((c) => ({ ...c, vector: randomVector(12) })), 'model-restart');
      await new PgvectorVectorIndex(db.prisma, db.sql).start();
      const indexes = await db.sql.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE indexname = $1`, [PgvectorVectorIndex.indexName('model-restart', 12)]);
      expect(indexes).toHaveLength(1);
    });

    it('reads stored vectors back by chunk id, only of the model and size asked for (the reranker reuses them)', async () => {
      const s = await seed(db.sql);
      const chunks = await s.chunks(['a', 'b', 'c']);
      const index = new PgvectorVectorIndex(db.prisma, db.sql);
      const vectors = chunks.map(() => randomVector(6));
      await index.upsert(chunks.slice(0, 2).map((c, i) => ({ ...c, vector: vectors[i] })), 'model-stored');
      await index.upsert([{ ...chunks[2], vector: randomVector(4) }], 'model-other');
      const stored = await index.vectorsOf('model-stored', 6, ids(chunks));
      expect([...stored.keys()].sort()).toEqual(ids(chunks.slice(0, 2)).sort());
      // Stored as real (float4): equal to about six digits.
      stored.get(chunks[0].chunkId)!.forEach((x, i) => expect(x).toBeCloseTo(vectors[0][i], 5));
      expect(await index.vectorsOf('model-stored', 4, ids(chunks))).toEqual(new Map());
      expect(await index.vectorsOf('model-stored', 6, [])).toEqual(new Map());
    });
  });
});

describe('the embedded search stack on the database of this run', () => {
  const db = useScratchDatabase();

  it('uses BM25 in PGlite or in the process, vectors in the process (HNSW on PGlite when asked), and the engines when configured', async () => {
    const config = loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(32) });
    const stack = createSearchStack(config, db.prisma, () => undefined, { warmUp: false, database: db });
    try {
      const expected = db.kind === 'pglite' ? ['bm25', 'memory'] : ['memory-bm25', 'memory'];
      expect([stack.texts.engine, stack.vectors.engine]).toEqual(expected);
      // pgvector's HNSW on request; PostgreSQL here has no pgvector, so it says so and keeps the cache.
      const warnings: string[] = [];
      const hnsw = createSearchStack(loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(32), EMBEDDED_VECTOR_INDEX: 'pgvector' }), db.prisma, (m) => warnings.push(m), { warmUp: false, database: db });
      expect(hnsw.vectors.engine).toBe(db.kind === 'pglite' ? 'pgvector' : 'memory');
      expect(warnings).toEqual(db.kind === 'pglite' ? [] : [expect.stringMatching(/EMBEDDED_VECTOR_INDEX=pgvector needs embedded PGlite/)]);
      expect(await hnsw.vectors.search(randomUUID(), 'm', [1, 0, 0], 5)).toEqual([]);
      await hnsw.close();
      // And the configured engines win over the embedded ones.
      const engines = createSearchStack(loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(32), OPENSEARCH_URL: 'http://127.0.0.1:9', QDRANT_URL: 'http://127.0.0.1:9' }), db.prisma, () => undefined, { warmUp: false, database: db });
      expect([engines.texts.engine, engines.vectors.engine]).toEqual(['opensearch', 'qdrant']);
      await engines.close();
      // A search on the stack creates what it needs and answers (empty: nothing is stored yet).
      expect(await stack.texts.search(randomUUID(), 'running', 5)).toEqual([]);
      expect(await stack.vectors.search(randomUUID(), 'm', [1, 0, 0], 5)).toEqual([]);
    } finally {
      await stack.close();
    }
  });
});
