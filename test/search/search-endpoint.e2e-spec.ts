import { SEARCH_PASSAGE_VIEW_KEYS, SEARCH_RESULT_VIEW_KEYS } from '@assistants/common';
import type { SearchStack } from '@assistants/runtime';
import { SEARCH_STACK } from '../../apps/api/src/runtime/runtime.module';
import { expectProblem, registerUser } from '../support/api-app';
import { type ChatHarness, createChatSetup, sendMessage, startChatHarness, uploadDocument, waitForTask } from '../support/chat-harness';
import { expectViewKeys } from '../support/view-keys';

const HANDBOOK = [
  '# Leave',
  'Employees get 30 days of paid leave a year; running a team does not change it.',
  '# Expenses',
  'Travel expenses are reimbursed within two weeks of the receipt.',
  '# Отпуск',
  'Сотрудники получают тридцать дней оплачиваемого отпуска в году.',
].join('\n\n');

/** The embedded legs: BM25 and vectors cached in the process, over the rows in PostgreSQL. */
const EMBEDDED = { text: 'memory-bm25', vector: 'memory' };

describe('POST /api/assistants/:id/search on the embedded defaults (indexes in the database)', () => {
  let h: ChatHarness;
  beforeAll(async () => (h = await startChatHarness('embedded')));
  afterAll(async () => h?.close());

  it("returns the fused passages with document, heading and each leg's rank and score", async () => {
    const s = await createChatSetup(h);
    const upload = await uploadDocument(h, s, 'handbook.md', HANDBOOK);
    expect((await waitForTask(h, s, upload.taskId)).status).toBe('done');

    const res = await h.t.http().post(`/api/assistants/${s.assistantId}/search`).set(s.user.auth).send({ query: 'reimbursing travel', limit: 3 }).expect(200);
    expectViewKeys(res.body, SEARCH_RESULT_VIEW_KEYS, 'search');
    for (const p of res.body.passages) expectViewKeys(p, SEARCH_PASSAGE_VIEW_KEYS, 'search.passages');
    expect(res.body.legs).toEqual([
      expect.objectContaining({ leg: 'text', engine: EMBEDDED.text, status: 'ok' }),
      expect.objectContaining({ leg: 'vector', engine: EMBEDDED.vector, status: 'ok' }),
      expect.objectContaining({ leg: 'rerank', engine: 'local', status: 'ok' }),
    ]);
    // English stemming: "reimbursing travel" finds "reimbursed ... Travel".
    expect(res.body.passages[0]).toMatchObject({ rank: 1, documentName: 'handbook.md', heading: 'Expenses', page: null, legs: { text: { rank: 1 } } });
    expect(res.body.passages.length).toBeLessThanOrEqual(3);
    // The local reranker's order and score, per passage.
    expect(res.body.passages.map((p: any) => p.legs.rerank.rank)).toEqual(res.body.passages.map((p: any) => p.rank));

    // Russian stemming: "отпуск" finds "отпуска".
    const ru = await h.t.http().post(`/api/assistants/${s.assistantId}/search`).set(s.user.auth).send({ query: 'отпуск' }).expect(200);
    expect(ru.body.passages[0]).toMatchObject({ heading: 'Отпуск', legs: { text: { rank: 1 } } });
    // The vector leg ranks every chunk, so all three come back, up to the assistant's own searchLimit.
    expect(ru.body.passages).toHaveLength(3);
    await h.t.http().patch(`/api/assistants/${s.assistantId}`).set(s.user.auth).send({ searchLimit: 2 }).expect(200);
    const limited = await h.t.http().post(`/api/assistants/${s.assistantId}/search`).set(s.user.auth).send({ query: 'отпуск' }).expect(200);
    expect(limited.body.passages).toHaveLength(2);
  });

  it('lets anyone who may use the assistant search it, nobody else, and rejects bad input', async () => {
    const s = await createChatSetup(h);
    const stranger = await registerUser(h.t, 'stranger');
    const path = `/api/assistants/${s.assistantId}/search`;
    expectProblem(await h.t.http().post(path).set(stranger.auth).send({ query: 'leave' }), 403);
    expectProblem(await h.t.http().post(path).send({ query: 'leave' }), 401);
    await h.t.http().patch(`/api/assistants/${s.assistantId}`).set(s.user.auth).send({ isPublic: true }).expect(200);
    await h.t.http().post(path).set(stranger.auth).send({ query: 'leave' }).expect(200);
    expectProblem(await h.t.http().post(path).set(s.user.auth).send({ query: '   ' }), 400);
    expectProblem(await h.t.http().post(path).set(s.user.auth).send({ query: 'x', limit: 0 }), 400);
    expectProblem(await h.t.http().post(path).set(s.user.auth).send({ query: 'x', limit: 51 }), 400);
    expectProblem(await h.t.http().post(path).set(s.user.auth).send({}), 400);
  });
});

describe('search with the engines unreachable', () => {
  // Port 9 (discard) refuses connections: an engine that is down.
  const DOWN = 'http://127.0.0.1:9';

  it('answers from the database vectors when the text engine is down, and says which leg failed', async () => {
    const h = await startChatHarness('embedded', { OPENSEARCH_URL: DOWN, SEARCH_LEG_TIMEOUT_MS: '3000' });
    try {
      const s = await createChatSetup(h);
      // Ingest writes to both indexes, so with the text engine down the document fails (to be retried):
      // put its chunks and vectors in by hand to have something the vector leg can find.
      const upload = await uploadDocument(h, s, 'handbook.md', HANDBOOK);
      const task = await waitForTask(h, s, upload.taskId);
      expect(task.status).toBe('failed');
      expect(task.error).toMatch(/ECONNREFUSED|connect/i);
      const search = h.t.app.get<SearchStack>(SEARCH_STACK);
      const texts = ['Employees get 30 days of paid leave a year.', 'Travel expenses are reimbursed within two weeks.'];
      await h.t.prisma.chunk.createMany({
        data: texts.map((text, position) => ({ documentId: upload.document.id, assistantId: s.assistantId, position, text, tokenCount: 10 })),
      });
      const chunks = await h.t.prisma.chunk.findMany({ where: { documentId: upload.document.id } });
      const vectors = await search.embedder.embed(chunks.map((c) => c.text));
      await search.vectors.upsert(
        chunks.map((c, i) => ({ chunkId: c.id, assistantId: c.assistantId, documentId: c.documentId, text: c.text, vector: vectors[i] })),
        search.embedder.model,
      );
      await h.t.prisma.knowledgeDocument.update({ where: { id: upload.document.id }, data: { status: 'ready', liveGeneration: 0 } });

      const res = await h.t.http().post(`/api/assistants/${s.assistantId}/search`).set(s.user.auth).send({ query: 'paid leave' }).expect(200);
      expect(res.body.legs).toEqual([
        expect.objectContaining({ leg: 'text', engine: 'opensearch', status: 'failed', error: expect.any(String) }),
        expect.objectContaining({ leg: 'vector', engine: EMBEDDED.vector, status: 'ok' }),
        expect.objectContaining({ leg: 'rerank', engine: 'local', status: 'ok' }),
      ]);
      expect(res.body.passages.length).toBeGreaterThan(0);
      expect(res.body.passages.every((p: any) => p.legs.text === undefined && p.legs.vector.rank >= 1)).toBe(true);
    } finally {
      await h.close();
    }
  });

  it('keeps the fused order when the rerank server is down, and says so in the leg report', async () => {
    const h = await startChatHarness('embedded', { RERANK_BASE_URL: DOWN, RERANK_TIMEOUT_MS: '3000' });
    try {
      const s = await createChatSetup(h);
      const upload = await uploadDocument(h, s, 'handbook.md', HANDBOOK);
      expect((await waitForTask(h, s, upload.taskId)).status).toBe('done');
      const res = await h.t.http().post(`/api/assistants/${s.assistantId}/search`).set(s.user.auth).send({ query: 'reimbursing travel', limit: 2 }).expect(200);
      expect(res.body.legs[2]).toEqual(
        expect.objectContaining({ leg: 'rerank', engine: 'http', status: 'failed', error: expect.stringMatching(/kept the fused order/) }),
      );
      expect(res.body.passages).toHaveLength(2);
      // The fused order, best fused score first, and no rerank score on any passage.
      expect(res.body.passages[0]).toMatchObject({ heading: 'Expenses', legs: { text: { rank: 1 } } });
      expect(res.body.passages[0].score).toBeGreaterThanOrEqual(res.body.passages[1].score);
      expect(res.body.passages.every((p: any) => p.legs.rerank === undefined)).toBe(true);
    } finally {
      await h.close();
    }
  });

  it('still answers a turn with both legs down, telling the model there is no context', async () => {
    const h = await startChatHarness('embedded', { OPENSEARCH_URL: DOWN, QDRANT_URL: DOWN, SEARCH_LEG_TIMEOUT_MS: '3000' });
    try {
      const s = await createChatSetup(h);
      const turn = await sendMessage(h, s, { content: 'How much paid leave is there?' });
      expect((await waitForTask(h, s, turn.taskId)).status).toBe('done');
      const answer = await h.t.prisma.message.findUniqueOrThrow({ where: { id: turn.assistantMessageId } });
      expect(answer.searchResults).toEqual([]);
      expect((answer.llmRequest as any).search).toEqual([
        expect.objectContaining({ leg: 'text', engine: 'opensearch', status: 'failed' }),
        expect.objectContaining({ leg: 'vector', engine: 'qdrant', status: 'failed' }),
      ]);
      const system = h.llm.requests.at(-1)?.body.messages[0].content as string;
      expect(system).toContain('could not be searched');
    } finally {
      await h.close();
    }
  });
});
