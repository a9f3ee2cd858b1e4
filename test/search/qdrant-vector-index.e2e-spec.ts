import { collectionName, pointId, QdrantVectorIndex } from '@assistants/adapters';
import { randomUUID } from 'node:crypto';
import { type QdrantDouble, startQdrantDouble } from '../support/qdrant-double';

const A = randomUUID();
const B = randomUUID();
const unit = (v: number[]) => {
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
};
const chunk = (assistantId: string, documentId: string, vector: number[]) => ({
  chunkId: randomUUID(),
  assistantId,
  documentId,
  text: 't',
  vector: unit(vector),
});

/** The adapter's behaviour, run against whichever Qdrant the suite is given. */
function behaves(name: string, connect: () => Promise<{ url: string; apiKey?: string; close?: () => Promise<void> }>) {
  describe(name, () => {
    let url: string;
    let apiKey: string | undefined;
    let close: (() => Promise<void>) | undefined;
    // A fresh prefix per run: a live Qdrant may hold collections of earlier runs.
    const prefix = `test${Date.now().toString(36)}`;

    beforeAll(async () => ({ url, apiKey, close } = await connect()));
    afterAll(async () => close?.());

    it('creates one collection per model and size, ranks by cosine, filters by assistant and deletes by document', async () => {
      const index = new QdrantVectorIndex({ url, apiKey, collectionPrefix: prefix, batchSize: 2 });
      const docA = randomUUID();
      const docA2 = randomUUID();
      const near = chunk(A, docA, [1, 0.1, 0]);
      const far = chunk(A, docA, [0, 1, 0]);
      const other = chunk(A, docA2, [0.9, 0.2, 0]);
      const foreign = chunk(B, randomUUID(), [1, 0, 0]);
      await index.upsert([near, far, other, foreign], 'test-model');

      const hits = await index.search(A, 'test-model', unit([1, 0, 0]), 10);
      expect(hits.map((h) => h.chunkId)).toEqual([near.chunkId, other.chunkId, far.chunkId]);
      expect(hits[0].score).toBeGreaterThan(0.99);
      // Another model's (or size's) collection is not searched, and missing collections find nothing.
      expect(await index.search(A, 'other-model', unit([1, 0, 0]), 10)).toEqual([]);
      expect(await index.search(A, 'test-model', unit([1, 0, 0, 0]), 10)).toEqual([]);

      // Upserting the same chunk again replaces its point (deterministic ids), it does not add one.
      await index.upsert([{ ...far, vector: unit([1, 0, 0]) }], 'test-model');
      const again = await index.search(A, 'test-model', unit([1, 0, 0]), 10);
      expect(again).toHaveLength(3);
      expect(again[0].chunkId).toBe(far.chunkId);

      // Stored vectors by chunk id, for the reranker: only this model's and size's, only chunks that have one.
      const stored = await index.vectorsOf('test-model', 3, [near.chunkId, other.chunkId, foreign.chunkId, randomUUID(), 'not-a-uuid']);
      expect([...stored.keys()].sort()).toEqual([near.chunkId, other.chunkId, foreign.chunkId].sort());
      stored.get(near.chunkId)!.forEach((x, i) => expect(x).toBeCloseTo(near.vector[i], 5));
      expect(await index.vectorsOf('other-model', 3, [near.chunkId])).toEqual(new Map());
      expect(await index.vectorsOf('test-model', 4, [near.chunkId])).toEqual(new Map());
      expect(await index.vectorsOf('test-model', 3, [])).toEqual(new Map());

      // A re-index drops the previous generation by chunk id, from every model's collection.
      await index.upsert([{ ...near, vector: unit([1, 0, 0, 0]) }], 'older-model');
      await index.deleteChunks([near.chunkId]);
      expect((await index.search(A, 'test-model', unit([1, 0, 0]), 10)).map((h) => h.chunkId)).toEqual([far.chunkId, other.chunkId]);
      expect(await index.search(A, 'older-model', unit([1, 0, 0, 0]), 10)).toEqual([]);

      await index.deleteDocument(docA);
      expect((await index.search(A, 'test-model', unit([1, 0, 0]), 10)).map((h) => h.chunkId)).toEqual([other.chunkId]);
      expect((await index.search(B, 'test-model', unit([1, 0, 0]), 10)).map((h) => h.chunkId)).toEqual([foreign.chunkId]);
    });
  });
}

describe('QdrantVectorIndex', () => {
  it('derives stable point ids and collection names', () => {
    const id = randomUUID();
    expect(pointId(id)).toBe(id);
    expect(pointId('chunk-1')).toBe(pointId('chunk-1'));
    expect(pointId('chunk-1')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(pointId('chunk-1')).not.toBe(pointId('chunk-2'));
    expect(collectionName('chunks', 'text-embedding-3-small', 1536)).toBe('chunks-text-embedding-3-small-1536');
    expect(collectionName('chunks', 'BAAI/bge-m3', 1024)).toBe('chunks-baai-bge-m3-1024');
  });

  describe('against the local double', () => {
    let double: QdrantDouble;
    beforeAll(async () => (double = await startQdrantDouble()));
    afterAll(() => double.close());

    it('sends the HNSW parameters, indexes the payload ids and upserts in batches', async () => {
      const index = new QdrantVectorIndex({ url: double.url, collectionPrefix: 'hnsw', hnsw: { m: 32, efConstruct: 200, ef: 64 }, batchSize: 2 });
      const doc = randomUUID();
      await index.upsert([chunk(A, doc, [1, 0]), chunk(A, doc, [0, 1]), chunk(A, doc, [1, 1])], 'm');
      const collection = double.collections.get('hnsw-m-2');
      expect(collection).toMatchObject({ distance: 'Cosine', size: 2, hnsw: { m: 32, ef_construct: 200 } });
      expect(collection?.indexes.sort()).toEqual(['assistantId', 'documentId']);
      expect(double.requests.filter((r) => r.method === 'PUT' && r.path === '/collections/hnsw-m-2/points')).toHaveLength(2);
      await index.search(A, 'm', [1, 0], 5);
      expect(double.requests.at(-1)?.body).toMatchObject({ params: { hnsw_ef: 64 }, filter: { must: [{ key: 'assistantId', match: { value: A } }] } });
    });

    it('fails a search loudly when Qdrant is unreachable (the retriever then drops the leg)', async () => {
      const index = new QdrantVectorIndex({ url: 'http://127.0.0.1:9', timeoutMs: 2000 });
      await expect(index.search(A, 'm', [1, 0], 5)).rejects.toThrow();
    });
  });

  behaves('against the double', async () => {
    const double = await startQdrantDouble();
    return { url: double.url, close: () => double.close() };
  });

  // A real Qdrant when one is configured; none can be installed on this machine.
  if (process.env.QDRANT_URL) {
    behaves(`against the live Qdrant at ${process.env.QDRANT_URL}`, async () => ({
      url: process.env.QDRANT_URL as string,
      apiKey: process.env.QDRANT_API_KEY,
    }));
  } else {
    it.skip('against a live Qdrant: skipped, set QDRANT_URL (and QDRANT_API_KEY) to run it', () => undefined);
  }
});
