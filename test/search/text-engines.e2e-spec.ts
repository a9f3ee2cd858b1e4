import { type Bm25TextIndex, ElasticsearchTextIndex, OpenSearchTextIndex } from '@assistants/adapters';
import { randomUUID } from 'node:crypto';
import { createChatSetup, sendMessage, startChatHarness, uploadDocument, waitForTask, type ChatHarness } from '../support/chat-harness';
import { startElasticsearchCompatProxy } from '../support/elasticsearch-compat-proxy';
import { type OpenSearchNode, startOpenSearchNode } from '../support/opensearch';
import { type QdrantDouble, startQdrantDouble } from '../support/qdrant-double';

// One real OpenSearch node for this whole file (it takes ~20 s to start); every test uses
// its own index name or assistant ids, so a shared node is never a shared state.
let node: OpenSearchNode;
beforeAll(async () => (node = await startOpenSearchNode()), 120_000);
afterAll(async () => node?.stop());

const A = randomUUID();
const B = randomUUID();
const passage = (assistantId: string, documentId: string, text: string) => ({ chunkId: randomUUID(), assistantId, documentId, text });

/** What every BM25 engine must do, run against the engine the suite is given. */
function behaves(name: string, open: (index: string) => Bm25TextIndex & { close(): Promise<void> }) {
  describe(name, () => {
    let index: Bm25TextIndex & { close(): Promise<void> };
    const doc1 = randomUUID();
    const doc2 = randomUUID();
    const runs = passage(A, doc1, 'The old dog runs through the park every morning.');
    const cats = passage(A, doc1, 'Cats sleep most of the afternoon on the sofa.');
    const ru = passage(A, doc2, 'Собаки бегают по парку каждое утро, а кошки спят.');
    const foreign = passage(B, randomUUID(), 'Another assistant: the dog runs home.');

    beforeAll(async () => {
      index = open(`test-chunks-${randomUUID().slice(0, 8)}`);
      await index.index([runs, cats, ru, foreign]);
    });
    afterAll(async () => index?.close());

    it('stems English: "running dogs" finds "dog runs"', async () => {
      const hits = await index.search(A, 'running dogs', 10);
      expect(hits[0].chunkId).toBe(runs.chunkId);
      expect(hits[0].score).toBeGreaterThan(0);
      expect(hits.map((h) => h.chunkId)).not.toContain(cats.chunkId);
    });

    it('stems Russian: "собака" finds "собаки", "кошка" finds "кошки"', async () => {
      const hits = await index.search(A, 'собака', 10);
      expect(hits.map((h) => h.chunkId)).toEqual([ru.chunkId]);
      expect((await index.search(A, 'кошка', 10)).map((h) => h.chunkId)).toEqual([ru.chunkId]);
    });

    it('keeps to the assistant it is asked about', async () => {
      expect((await index.search(B, 'dog runs', 10)).map((h) => h.chunkId)).toEqual([foreign.chunkId]);
      expect(await index.search(randomUUID(), 'dog runs', 10)).toEqual([]);
    });

    it('replaces a chunk indexed twice and deletes by document', async () => {
      await index.index([{ ...cats, text: 'Cats run after mice.' }]);
      expect((await index.search(A, 'running', 10)).map((h) => h.chunkId).sort()).toEqual([runs.chunkId, cats.chunkId].sort());
      await index.deleteDocument(doc1);
      expect(await index.search(A, 'running', 10)).toEqual([]);
      expect((await index.search(A, 'собаки', 10)).map((h) => h.chunkId)).toEqual([ru.chunkId]);
    });

    it('deletes chunks by id (the previous generation of a re-indexed document)', async () => {
      const [keep, drop] = [passage(A, doc2, 'Lanterns glow in the harbour.'), passage(A, doc2, 'Lanterns swing on the pier.')];
      await index.index([keep, drop]);
      await index.deleteChunks([drop.chunkId]);
      expect((await index.search(A, 'lanterns', 10)).map((h) => h.chunkId)).toEqual([keep.chunkId]);
    });

    it('indexes in batches', async () => {
      const many = Array.from({ length: 120 }, (_, i) => passage(A, randomUUID(), `Batch passage number ${i} about lighthouses.`));
      await index.index(many);
      expect(await index.search(A, 'lighthouse', 200)).toHaveLength(120);
    });
  });
}

behaves('OpenSearchTextIndex on a real OpenSearch node', (name) => new OpenSearchTextIndex({ url: node.url }, { index: name, batchSize: 50 }));

// @elastic/elasticsearch 8 refuses to talk to OpenSearch, and no Elasticsearch node can be
// installed here. Through a proxy that only adds the product header and plain media types, the
// Elasticsearch adapter's own requests run on the same real node; a real Elasticsearch when given.
describe('through the Elasticsearch-compatibility proxy', () => {
  let proxy: { url: string; close(): Promise<void> };
  beforeAll(async () => (proxy = await startElasticsearchCompatProxy(node.url)));
  afterAll(async () => proxy?.close());
  behaves(
    'ElasticsearchTextIndex (its requests, on the OpenSearch node)',
    (name) => new ElasticsearchTextIndex({ url: proxy.url }, { index: name, batchSize: 50 }),
  );
});

if (process.env.ELASTICSEARCH_URL) {
  behaves(
    `ElasticsearchTextIndex on the live Elasticsearch at ${process.env.ELASTICSEARCH_URL}`,
    (name) =>
      new ElasticsearchTextIndex({ url: process.env.ELASTICSEARCH_URL as string, apiKey: process.env.ELASTICSEARCH_API_KEY }, { index: name, batchSize: 50 }),
  );
} else {
  it.skip('ElasticsearchTextIndex on a live Elasticsearch: skipped, set ELASTICSEARCH_URL (and ELASTICSEARCH_API_KEY) to run it', () => undefined);
}

describe('the app on OpenSearch + Qdrant (the double)', () => {
  let h: ChatHarness;
  let qdrant: QdrantDouble;

  beforeAll(async () => {
    qdrant = await startQdrantDouble();
    h = await startChatHarness('embedded', {
      OPENSEARCH_URL: node.url,
      TEXT_INDEX_NAME: `app-${randomUUID().slice(0, 8)}`,
      QDRANT_URL: qdrant.url,
      SEARCH_LEG_TIMEOUT_MS: '1500',
    });
  });
  afterAll(async () => {
    await h?.close();
    await qdrant?.close();
  });

  it('indexes uploads in both engines, searches both legs, and answers from the other leg when one is down', async () => {
    const s = await createChatSetup(h);
    const upload = await uploadDocument(
      h,
      s,
      'handbook.md',
      '# Leave\n\nEmployees running a team get 30 days of paid leave.\n\n# Отпуск\n\nСотрудники получают тридцать дней отпуска.',
    );
    expect((await waitForTask(h, s, upload.taskId)).status).toBe('done');
    expect([...qdrant.collections.values()].reduce((n, c) => n + c.points.size, 0)).toBeGreaterThan(0);

    const search = (query: string) => h.t.http().post(`/api/assistants/${s.assistantId}/search`).set(s.user.auth).send({ query, limit: 5 }).expect(200);
    const both = (await search('How many days of leave when I run a team?')).body;
    expect(both.legs.map((l: any) => [l.leg, l.engine, l.status])).toEqual([
      ['text', 'opensearch', 'ok'],
      ['vector', 'qdrant', 'ok'],
      ['rerank', 'local', 'ok'],
    ]);
    expect(both.passages[0]).toMatchObject({
      documentName: 'handbook.md',
      heading: 'Leave',
      legs: { text: { rank: 1 }, vector: { rank: expect.any(Number) } },
    });
    expect(both.passages[0].text).toContain('30 days');
    expect((await search('отпуска сотрудникам')).body.passages[0].heading).toBe('Отпуск');

    // Qdrant slower than the leg deadline: the text leg answers alone and the turn says so.
    qdrant.delayMs = 3000;
    const slow = (await search('paid leave')).body;
    expect(slow.legs.find((l: any) => l.leg === 'vector')).toMatchObject({ status: 'timeout', engine: 'qdrant' });
    expect(slow.passages[0].legs).toEqual({ text: expect.objectContaining({ rank: 1 }), rerank: expect.objectContaining({ rank: 1 }) });
    const turn = await sendMessage(h, s, { content: 'How much paid leave is there?' });
    expect((await waitForTask(h, s, turn.taskId)).status).toBe('done');
    const answer = await h.t.prisma.message.findUniqueOrThrow({ where: { id: turn.assistantMessageId } });
    expect((answer.llmRequest as any).search).toEqual([
      expect.objectContaining({ leg: 'text', status: 'ok' }),
      expect.objectContaining({ leg: 'vector', status: 'timeout' }),
      expect.objectContaining({ leg: 'rerank', engine: 'local', status: 'ok' }),
    ]);
    expect((answer.searchResults as any[])[0]).toMatchObject({ filename: 'handbook.md', legs: { text: { rank: 1 } } });
    qdrant.delayMs = 0;
  });
});
