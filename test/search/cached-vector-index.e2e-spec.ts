import { type SqlRunner } from '@assistants/db';
import { CachedVectorIndex, CacheSnapshots, DatabaseVectorIndex } from '@assistants/adapters';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordingSql } from '../support/recording-sql';
import { useScratchDatabase } from '../support/test-database';

/** An owner and an assistant; documents and their chunks with vectors added on demand. */
async function seed(sql: SqlRunner) {
  const [user, assistant] = [randomUUID(), randomUUID()];
  await sql.query(`INSERT INTO users (id, email, name, updated_at) VALUES ($1, $2, 'u', now())`, [user, `${user}@t.test`]);
  await sql.query(`INSERT INTO assistants (id, name, llm_model, owner_id, updated_at) VALUES ($1, 'a', 'm', $2, now())`, [assistant, user]);
  let position = 0;
  const document = async (count: number, status = 'ready') => {
    const id = randomUUID();
    await sql.query(
      `INSERT INTO knowledge_documents (id, assistant_id, filename, mime_type, size_bytes, checksum, status, chunk_count, live_generation, updated_at)
       VALUES ($1, $2, 'f.txt', 'text/plain', 1, $3, $4, $5, $6, now())`,
      [id, assistant, randomUUID(), status, count, status === 'ready' ? 0 : null],
    );
    const ids = Array.from({ length: count }, () => randomUUID());
    await sql.query(
      `INSERT INTO chunks (id, document_id, assistant_id, position, text, token_count)
       SELECT id, $2::uuid, $3::uuid, $4 + n, 'chunk', 1 FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, n)`,
      [ids, id, assistant, position],
    );
    position += count;
    return { id, chunks: ids.map((chunkId) => ({ chunkId, assistantId: assistant, documentId: id, text: 'chunk' })) };
  };
  return { assistant, document };
}

let seed_ = 11;
const random = () => ((seed_ = (Math.imul(seed_, 1103515245) + 12345) >>> 1) / 2 ** 31) * 2 - 1;
const randomVector = (n: number) => Array.from({ length: n }, random);
const withVectors = (chunks: { chunkId: string; assistantId: string; documentId: string; text: string }[], n: number) =>
  chunks.map((c) => ({ ...c, vector: randomVector(n) }));
const ids = (hits: { chunkId: string }[]) => hits.map((h) => h.chunkId);
/** A document's status change as ingest makes it (Prisma sets `updated_at` on every update). */
// Searchable while it has a live generation of chunks; here a document is taken out while it changes.
const setStatus = (sql: SqlRunner, id: string, status: string) =>
  sql.query(`UPDATE knowledge_documents SET status = $2, live_generation = $3, updated_at = clock_timestamp() WHERE id = $1`, [
    id,
    status,
    status === 'ready' ? 0 : null,
  ]);

describe('CachedVectorIndex (the vector leg on PostgreSQL without pgvector)', () => {
  const db = useScratchDatabase();

  it('finds what exact cosine finds, per assistant and model, from ready documents only', async () => {
    const cached = new CachedVectorIndex(db.prisma, db.sql);
    const exact = new DatabaseVectorIndex(db.prisma, db.sql);
    const mine = await seed(db.sql);
    const theirs = await seed(db.sql);
    const [a, b] = [await mine.document(300), await mine.document(200)];
    const pending = await mine.document(50, 'processing');
    const other = await theirs.document(100);
    await exact.upsert(withVectors([...a.chunks, ...b.chunks, ...pending.chunks], 48), 'model-a');
    await exact.upsert(withVectors(other.chunks, 48), 'model-a');

    const readyIds = new Set(ids([...a.chunks, ...b.chunks]));
    for (let q = 0; q < 10; q++) {
      const query = randomVector(48);
      const hits = await cached.search(mine.assistant, 'model-a', query, 10);
      // Exact over the ready documents: the processing one's vectors are left out by the cache.
      const ranked = (await exact.search(mine.assistant, 'model-a', query, 100)).filter((h) => readyIds.has(h.chunkId));
      const truth = ranked.slice(0, 10);
      // int8 codes may swap neighbours closer than ~0.01; each hit's score is its exact cosine within that.
      expect(ids(hits).filter((id) => ids(truth).includes(id)).length).toBeGreaterThanOrEqual(9);
      const exactScore = new Map(ranked.map((h) => [h.chunkId, h.score]));
      for (const hit of hits) expect(Math.abs(hit.score - exactScore.get(hit.chunkId)!)).toBeLessThan(0.01);
    }
    expect(await cached.search(mine.assistant, 'model-b', randomVector(48), 5)).toEqual([]);
    expect(await cached.search(mine.assistant, 'model-a', randomVector(12), 5)).toEqual([]);
    expect(ids(await cached.search(theirs.assistant, 'model-a', randomVector(48), 200)).sort()).toEqual(ids(other.chunks).sort());
    expect(cached.cachedBytes).toBeGreaterThan(0);
  });

  it('sees documents another process made ready, re-indexed or deleted, and its own writes at once', async () => {
    const reader = new CachedVectorIndex(db.prisma, db.sql);
    // The worker's index, in another process in production: the reader learns of its writes only from the database.
    const writer = new CachedVectorIndex(db.prisma, db.sql);
    const s = await seed(db.sql);
    const first = await s.document(20);
    const firstVectors = withVectors(first.chunks, 24);
    await writer.upsert(firstVectors, 'm');
    const top = async (vector: number[]) => (await reader.search(s.assistant, 'm', vector, 1))[0]?.chunkId;
    expect(await top(firstVectors[3].vector)).toBe(first.chunks[3].chunkId);

    // A new document: its vectors are written while it is processing, and count once it is ready.
    const second = await s.document(10, 'processing');
    const secondVectors = withVectors(second.chunks, 24);
    await writer.upsert(secondVectors, 'm');
    expect(await top(secondVectors[0].vector)).not.toBe(second.chunks[0].chunkId);
    await setStatus(db.sql, second.id, 'ready');
    expect(await top(secondVectors[0].vector)).toBe(second.chunks[0].chunkId);

    // Re-indexed: processing, new vectors, ready again.
    await setStatus(db.sql, first.id, 'processing');
    await writer.deleteDocument(first.id);
    const renewed = withVectors(first.chunks, 24);
    await writer.upsert(renewed, 'm');
    await setStatus(db.sql, first.id, 'ready');
    const hit = (await reader.search(s.assistant, 'm', renewed[5].vector, 1))[0];
    expect(hit.chunkId).toBe(first.chunks[5].chunkId);
    expect(hit.score).toBeCloseTo(1, 2);

    // Deleted with its chunks (the API deletes the document row; vectors go by cascade).
    await db.sql.query(`DELETE FROM knowledge_documents WHERE id = $1`, [second.id]);
    const left = await reader.search(s.assistant, 'm', secondVectors[0].vector, 100);
    expect(ids(left).sort()).toEqual(ids(first.chunks).sort());

    // Its own writes, even with no change of the document row.
    const again = withVectors(first.chunks.slice(0, 1), 24);
    await reader.upsert(again, 'm');
    expect(await top(again[0].vector)).toBe(first.chunks[0].chunkId);
    expect((await reader.search(s.assistant, 'm', again[0].vector, 1))[0].score).toBeCloseTo(1, 2);
    await reader.deleteDocument(first.id);
    expect(await reader.search(s.assistant, 'm', again[0].vector, 5)).toEqual([]);
  });

  it('keeps its vectors in a file between starts: the next start reads only what changed and finds what a full read finds', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vector-cache-'));
    const writer = new DatabaseVectorIndex(db.prisma, db.sql);
    const s = await seed(db.sql);
    const [a, b, c] = [await s.document(40), await s.document(30), await s.document(20)];
    const vectors = withVectors([...a.chunks, ...b.chunks, ...c.chunks], 40);
    await writer.upsert(vectors, 'm');
    const first = new CachedVectorIndex(db.prisma, db.sql, { snapshots: new CacheSnapshots(dir) });
    await first.search(s.assistant, 'm', vectors[0].vector, 3);
    await first.close();
    expect(await readdir(dir)).toHaveLength(1);

    // While it was stopped: b re-indexed with new vectors, c deleted.
    await setStatus(db.sql, b.id, 'processing');
    const renewed = withVectors(b.chunks, 40);
    await writer.upsert(renewed, 'm');
    await setStatus(db.sql, b.id, 'ready');
    await db.sql.query(`DELETE FROM knowledge_documents WHERE id = $1`, [c.id]);

    const counted = recordingSql(db.sql);
    // The documents each read asked for (one, or several together).
    const reads = () => counted.statements.filter((s) => s.text.includes('array_send')).map((s) => s.params![0]);
    const second = new CachedVectorIndex(db.prisma, counted, { snapshots: new CacheSnapshots(dir) });
    const full = new CachedVectorIndex(db.prisma, db.sql);
    for (const query of [vectors[5].vector, renewed[7].vector, vectors[80].vector, randomVector(40)]) {
      expect(await second.search(s.assistant, 'm', query, 10)).toEqual(await full.search(s.assistant, 'm', query, 10));
    }
    expect(reads()).toEqual([b.id]);
    expect((await second.search(s.assistant, 'm', renewed[7].vector, 1))[0].chunkId).toBe(b.chunks[7].chunkId);
    const left = await second.search(s.assistant, 'm', vectors[80].vector, 100);
    expect(ids(left).sort()).toEqual(ids([...a.chunks, ...b.chunks]).sort());
    // Another model or size has its own file; none is read for it.
    expect(await second.search(s.assistant, 'm', randomVector(12), 5)).toEqual([]);
    await second.close();

    // Nothing changed since: all from the file (its documents side by side serve as one block).
    counted.statements.length = 0;
    const third = new CachedVectorIndex(db.prisma, counted, { snapshots: new CacheSnapshots(dir) });
    for (const query of [renewed[3].vector, vectors[10].vector]) {
      expect(await third.search(s.assistant, 'm', query, 10)).toEqual(await full.search(s.assistant, 'm', query, 10));
    }
    expect(reads()).toEqual([]);
  });

  it('searches by signs in SQL while a big assistant is read in the background, then from the cache', async () => {
    const counted = recordingSql(db.sql);
    const cached = new CachedVectorIndex(db.prisma, counted, { fillInBackgroundOver: 50 });
    const exact = new DatabaseVectorIndex(db.prisma, db.sql);
    const s = await seed(db.sql);
    const doc = await s.document(120);
    const vectors = withVectors(doc.chunks, 40);
    await exact.upsert(vectors, 'm');
    const query = randomVector(40);
    const expected = await exact.search(s.assistant, 'm', query, 5);

    const first = await cached.search(s.assistant, 'm', query, 5);
    expect(counted.texts().some((text) => text.includes('bit_count'))).toBe(true);
    expect(ids(first)).toEqual(ids(expected));
    expect(first.engine).toBe('memory filling: signs in SQL');
    first.forEach((hit, i) => expect(hit.score).toBeCloseTo(expected[i].score, 5));

    expect(await cached.warm(s.assistant, 'm', 40)).toBe(true);
    counted.statements.length = 0;
    const filled = await cached.search(s.assistant, 'm', query, 5);
    expect(ids(filled)).toEqual(ids(expected));
    expect(filled.engine).toBeUndefined();
    expect(counted.texts().some((text) => text.includes('bit_count'))).toBe(false);
    expect(cached.cachedBytes).toBeGreaterThan(0);
  });

  it('finds by signs what exact cosine finds, with fewer candidates than vectors (signs sent by the writer, or filled by the database)', async () => {
    const exact = new DatabaseVectorIndex(db.prisma, db.sql);
    const s = await seed(db.sql);
    const doc = await s.document(300);
    const vectors = withVectors(doc.chunks, 64);
    await exact.upsert(vectors, 'm');
    const [{ signs }] = await db.sql.query<{ signs: string }>(`SELECT signs::text AS signs FROM chunk_vectors WHERE chunk_id = $1`, [doc.chunks[9].chunkId]);
    const bitsOf = (vector: number[]) => vector.map((x) => (x > 0 ? '1' : '0')).join('');
    expect(signs).toBe(bitsOf(vectors[9].vector));
    // Another writer's vector, without signs: the database fills them, and again when it changes the vector alone.
    const signsOf9 = async () =>
      (await db.sql.query<{ signs: string }>(`SELECT signs::text AS signs FROM chunk_vectors WHERE chunk_id = $1`, [doc.chunks[9].chunkId]))[0].signs;
    await db.sql.query(`UPDATE chunk_vectors SET embedding = $2::real[] WHERE chunk_id = $1`, [doc.chunks[9].chunkId, vectors[10].vector]);
    expect(await signsOf9()).toBe(bitsOf(vectors[10].vector));
    await db.sql.query(`DELETE FROM chunk_vectors WHERE chunk_id = $1`, [doc.chunks[9].chunkId]);
    await db.sql.query(`INSERT INTO chunk_vectors (chunk_id, assistant_id, document_id, model, embedding) VALUES ($1, $2, $3, 'm', $4::real[])`, [
      doc.chunks[9].chunkId,
      s.assistant,
      doc.id,
      vectors[9].vector,
    ]);
    expect(await signsOf9()).toBe(bitsOf(vectors[9].vector));
    for (const i of [0, 9, 150, 299]) {
      const [hit] = await exact.searchBySigns(s.assistant, 'm', vectors[i].vector, 1, 30);
      expect(hit.chunkId).toBe(doc.chunks[i].chunkId);
      expect(hit.score).toBeCloseTo(1, 5);
    }
    // Every vector a candidate: the exact top ten.
    const query = randomVector(64);
    expect(ids(await exact.searchBySigns(s.assistant, 'm', query, 10, 300))).toEqual(ids(await exact.search(s.assistant, 'm', query, 10)));
    expect(await exact.searchBySigns(s.assistant, 'other-model', query, 10, 300)).toEqual([]);
  });

  it('keeps within its memory bound: the least recently searched assistant goes, one too big is searched by signs in SQL', async () => {
    const one = await seed(db.sql);
    const two = await seed(db.sql);
    for (const s of [one, two]) await new DatabaseVectorIndex(db.prisma, db.sql).upsert(withVectors((await s.document(200)).chunks, 32), 'm');
    const exact = new DatabaseVectorIndex(db.prisma, db.sql);

    // Room for one assistant's 200 vectors (~170 bytes each at 32 dimensions, ids counted), not two.
    const roomForOne = new CachedVectorIndex(db.prisma, db.sql, { maxBytes: 50_000 });
    await roomForOne.search(one.assistant, 'm', randomVector(32), 5);
    const single = roomForOne.cachedBytes;
    expect(single).toBeGreaterThan(0);
    await roomForOne.search(two.assistant, 'm', randomVector(32), 5);
    expect(roomForOne.cachedBytes).toBe(single);

    const tooSmall = new CachedVectorIndex(db.prisma, db.sql, { maxBytes: 1000 });
    const query = randomVector(32);
    const hits = await tooSmall.search(one.assistant, 'm', query, 10);
    expect(tooSmall.cachedBytes).toBe(0);
    // By signs in SQL, every vector a candidate here: exact cosine's order (scores computed here, in float64 as there).
    const expected = await exact.search(one.assistant, 'm', query, 10);
    expect(ids(hits)).toEqual(ids(expected));
    hits.forEach((hit, i) => expect(hit.score).toBeCloseTo(expected[i].score, 9));
  });

  it('reads stored vectors back by chunk id, only of the model and size asked for (the reranker reuses them)', async () => {
    const index = new CachedVectorIndex(db.prisma, db.sql);
    const { chunks } = await (await seed(db.sql)).document(3);
    const vectors = chunks.map(() => randomVector(6));
    await index.upsert(
      chunks.slice(0, 2).map((c, i) => ({ ...c, vector: vectors[i] })),
      'model-stored',
    );
    await index.upsert([{ ...chunks[2], vector: randomVector(4) }], 'model-other');
    const stored = await index.vectorsOf('model-stored', 6, ids(chunks));
    expect([...stored.keys()].sort()).toEqual(ids(chunks.slice(0, 2)).sort());
    // Stored as real (float4): equal to about six digits.
    stored.get(chunks[0].chunkId)!.forEach((x, i) => expect(x).toBeCloseTo(vectors[0][i], 5));
    expect(await index.vectorsOf('model-stored', 4, ids(chunks))).toEqual(new Map());
    expect(await index.vectorsOf('model-stored', 6, [])).toEqual(new Map());
  });
});
