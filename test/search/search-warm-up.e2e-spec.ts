import { CachedBm25TextIndex, CachedVectorIndex, type SqlQuery } from '@assistants/adapters';
import { warmSearchCaches } from '@assistants/runtime';
import { randomUUID } from 'node:crypto';
import { useScratchDatabase } from '../support/test-database';

const DIMENSIONS = 8;
const MODEL = 'warm-model';

/** The database's queries, with a count of those that read an assistant's vectors or words into a cache. */
function counting(sql: SqlQuery) {
  const reads = { vectors: 0, words: 0 };
  const counted: SqlQuery = {
    query: (text: string, params?: unknown[]) => {
      if (text.includes('array_send')) reads.vectors++;
      if (text.includes('search_vector') && text.includes('unnest')) reads.words++;
      return sql.query(text, params);
    },
  } as SqlQuery;
  return { sql: counted, reads };
}

describe('warming the search caches at start-up', () => {
  const db = useScratchDatabase();

  /** An assistant with one ready document of `count` chunks (words and vectors indexed), optionally chatted with. */
  async function assistantWithDocument(owner: string, count: number, stack: { texts: CachedBm25TextIndex; vectors: CachedVectorIndex }, chattedWith = false) {
    const assistant = await db.prisma.assistant.create({ data: { name: 'a', llmModel: 'm', ownerId: owner } });
    const document = await db.prisma.knowledgeDocument.create({
      data: {
        assistantId: assistant.id,
        filename: 'f.md',
        mimeType: 'text/markdown',
        sizeBytes: 1,
        checksum: randomUUID(),
        status: 'ready',
        chunkCount: count,
        liveGeneration: 0,
      },
    });
    const chunks = Array.from({ length: count }, (_, i) => ({
      chunkId: randomUUID(),
      assistantId: assistant.id,
      documentId: document.id,
      text: `parental leave rule ${i}`,
    }));
    await db.sql.query(
      `INSERT INTO chunks (id, document_id, assistant_id, position, text, token_count)
       SELECT id, $2::uuid, $3::uuid, n, text, 4 FROM unnest($1::uuid[], $4::text[]) WITH ORDINALITY AS t(id, text, n)`,
      [chunks.map((c) => c.chunkId), document.id, assistant.id, chunks.map((c) => c.text)],
    );
    await stack.texts.index(chunks);
    await stack.vectors.upsert(
      chunks.map((c, i) => ({ ...c, vector: Array.from({ length: DIMENSIONS }, (_, d) => Math.sin(i + d)) })),
      MODEL,
    );
    if (chattedWith) await db.prisma.conversation.create({ data: { assistantId: assistant.id, userId: owner, title: 'Leave' } });
    return assistant.id;
  }

  it('reads the assistants chatted with most recently into the caches, so their first search reads nothing more', async () => {
    const owner = (await db.prisma.user.create({ data: { email: `${randomUUID()}@t.test`, name: 'o' } })).id;
    const writer = { texts: new CachedBm25TextIndex(db.prisma, db.sql), vectors: new CachedVectorIndex(db.prisma, db.sql) };
    const quiet = await assistantWithDocument(owner, 40, writer);
    const busy = await assistantWithDocument(owner, 60, writer, true);
    await db.prisma.assistant.create({ data: { name: 'empty', llmModel: 'm', ownerId: owner } });

    // A fresh process: its caches are empty.
    const { sql, reads } = counting(db.sql);
    const stack = {
      texts: new CachedBm25TextIndex(db.prisma, sql),
      vectors: new CachedVectorIndex(db.prisma, sql),
      embedder: { model: MODEL, dimensions: DIMENSIONS },
    };
    const report = await warmSearchCaches(stack as never, sql);
    expect(report).toMatchObject({ assistants: 2 });
    expect(report.bytes).toBe(stack.texts.cachedBytes + stack.vectors.cachedBytes);
    expect(stack.vectors.cachedBytes).toBeGreaterThan(0);
    expect(stack.texts.cachedBytes).toBeGreaterThan(0);
    const afterWarmUp = { ...reads };
    expect(afterWarmUp.vectors).toBeGreaterThan(0);

    for (const assistantId of [busy, quiet]) {
      expect(
        await stack.vectors.search(
          assistantId,
          MODEL,
          Array.from({ length: DIMENSIONS }, (_, d) => Math.sin(d)),
          3,
        ),
      ).toHaveLength(3);
      expect((await stack.texts.search(assistantId, 'parental leave', 3)).length).toBe(3);
    }
    expect(reads).toEqual(afterWarmUp);
  });

  it('stops once a cache is half full, after the assistant chatted with most recently', async () => {
    const owner = (await db.prisma.user.create({ data: { email: `${randomUUID()}@t.test`, name: 'o' } })).id;
    const writer = { texts: new CachedBm25TextIndex(db.prisma, db.sql), vectors: new CachedVectorIndex(db.prisma, db.sql) };
    const older = await assistantWithDocument(owner, 50, writer);
    const recent = await assistantWithDocument(owner, 50, writer, true);

    const { sql, reads } = counting(db.sql);
    // 50 vectors of 8 dimensions take ~6 kB: one assistant fills more than half of 10 kB.
    const vectors = new CachedVectorIndex(db.prisma, sql, { maxBytes: 10_000 });
    const stack = { texts: { engine: 'opensearch' }, vectors, embedder: { model: MODEL, dimensions: DIMENSIONS } };
    const report = await warmSearchCaches(stack as never, sql);
    expect(report.assistants).toBe(1);
    expect(vectors.cachedBytes).toBeGreaterThan(vectors.maxCachedBytes / 2);

    const query = Array.from({ length: DIMENSIONS }, (_, d) => Math.cos(d));
    const before = reads.vectors;
    await vectors.search(recent, MODEL, query, 3);
    expect(reads.vectors).toBe(before); // warmed
    await vectors.search(older, MODEL, query, 3);
    expect(reads.vectors).toBeGreaterThan(before); // read on its first search
  });
});
