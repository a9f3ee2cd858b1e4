import { PostgresStores } from '@assistants/adapters';
import { createActivities, createActivityDeps } from '@assistants/runtime';
import { type ChatHarness, type ChatSetup, createChatSetup, startChatHarness, uploadDocument, waitForTask } from '../support/chat-harness';
import { expectProblem } from '../support/api-app';
import { recordHistories } from '../support/workflow-histories';

/** Thirty short sections: enough text that a smaller chunk size gives clearly more chunks. */
const MANUAL = Array.from(
  { length: 30 },
  (_, i) =>
    `## Section ${i + 1}\n\nThe pump model P${i + 1} needs a filter change every ${i + 2} months. Check the seal of valve V${i + 1} before each season, ` +
    `and log the pressure reading in the maintenance book with the date and your initials. Drain the tank of unit U${i + 1} when frost ` +
    `is forecast, and keep the spare gaskets in the dry cupboard next to the workshop door. Report any leak to the duty engineer at once, ` +
    `with the serial number from the plate on the side of the housing.`,
).join('\n\n');

type Passage = { chunkId: string; documentId: string; text: string };

/**
 * Re-index of one document and of a whole assistant, end to end through HTTP: the same
 * scenarios on the embedded runner and on Temporal with our worker.
 */
export function reindexScenarios(runner: 'embedded' | 'temporal'): void {
  describe(`re-index (${runner} runner)`, () => {
    let h: ChatHarness;
    beforeAll(async () => {
      h = await startChatHarness(runner);
    }, 120_000);
    afterAll(async () => {
      // `RECORD_HISTORIES=1 npm test -- test/workflows/reindex`: the re-index runs for the replay test.
      if (runner === 'temporal' && process.env.RECORD_HISTORIES) await recordHistories(h, ['reindex-done-retried', 'ingest-done-retried']);
      await h?.close();
    });

    const documentOf = async (s: ChatSetup, id: string) => (await h.t.http().get(`/api/documents/${id}`).set(s.user.auth).expect(200)).body;
    const search = async (s: ChatSetup, query: string) =>
      (await h.t.http().post(`/api/assistants/${s.assistantId}/search`).set(s.user.auth).send({ query, limit: 10 }).expect(200)).body.passages as Passage[];
    const ready = async (s: ChatSetup, name: string, text: string) => {
      const upload = await uploadDocument(h, s, name, text, 'text/markdown');
      expect((await waitForTask(h, s, upload.taskId)).status).toBe('done');
      return upload.document.id;
    };

    it("re-chunks a document with the assistant's new chunking and the current model; search finds only the new chunks", async () => {
      const s = await createChatSetup(h);
      const id = await ready(s, 'manual.md', MANUAL);
      const before = await documentOf(s, id);
      const oldChunks = await h.t.prisma.chunk.findMany({ where: { documentId: id } });
      const currentModel = (await h.t.prisma.chunkVector.findFirstOrThrow({ where: { documentId: id } })).model;
      // As if another embedding model had made these vectors: after the re-index none of them may be left.
      await h.t.prisma.chunkVector.updateMany({ where: { documentId: id }, data: { model: 'retired-model' } });

      await h.t.http().patch(`/api/assistants/${s.assistantId}`).set(s.user.auth).send({ chunkSize: 48, chunkOverlap: 8 }).expect(200);
      const res = await h.t.http().post(`/api/documents/${id}/reindex`).set(s.user.auth).expect(202);
      expect(res.body).toMatchObject({ id, status: 'queued', progress: 0, taskId: `ingest-${id}` });
      // Still queued or processing: a second request is a conflict, not a second run.
      expectProblem(await h.t.http().post(`/api/documents/${id}/reindex`).set(s.user.auth), 409);

      const task = await waitForTask(h, s, res.body.taskId);
      expect(task).toMatchObject({ kind: 'ingest', status: 'done', progress: 100, attempt: 2, document: { status: 'ready', error: null } });
      const after = await documentOf(s, id);
      expect(after.chunkCount).toBeGreaterThan(before.chunkCount);

      const chunks = await h.t.prisma.chunk.findMany({ where: { documentId: id }, orderBy: { position: 'asc' } });
      expect(chunks).toHaveLength(after.chunkCount);
      expect(chunks.map((c) => c.position)).toEqual(chunks.map((_, i) => i));
      expect(chunks.some((c) => oldChunks.some((old) => old.id === c.id))).toBe(false);
      expect(Math.max(...chunks.map((c) => c.tokenCount))).toBeLessThanOrEqual(48);
      const { liveGeneration } = await h.t.prisma.knowledgeDocument.findUniqueOrThrow({ where: { id } });
      expect(chunks.every((c) => c.generation === liveGeneration)).toBe(true);

      const vectors = await h.t.prisma.chunkVector.findMany({ where: { documentId: id } });
      expect(vectors).toHaveLength(chunks.length);
      expect(new Set(vectors.map((v) => v.model))).toEqual(new Set([currentModel]));
      expect(await h.t.prisma.chunkVector.count({ where: { model: 'retired-model' } })).toBe(0);

      const passages = await search(s, 'filter change pump P7');
      expect(passages.length).toBeGreaterThan(0);
      const ids = new Set(chunks.map((c) => c.id));
      expect(passages.every((p) => ids.has(p.chunkId))).toBe(true);
      expect(new Set(passages.map((p) => p.chunkId)).size).toBe(passages.length);

      const progress = h.events.filter((e) => e.type === 'document.progress' && e.documentId === id && e.taskId === res.body.taskId);
      expect(progress.at(-1)).toMatchObject({ status: 'ready', stage: 'done', percent: 100 });
      expect(progress.map((e) => (e as { stage: string }).stage)).toEqual(expect.arrayContaining(['parsing', 'embedding', 'indexing', 'done']));
    });

    it('keeps the previous index searchable until the new generation is complete, then swaps it in at once', async () => {
      const s = await createChatSetup(h);
      const id = await ready(s, 'manual.md', MANUAL);
      const oldIds = new Set((await h.t.prisma.chunk.findMany({ where: { documentId: id } })).map((c) => c.id));
      await h.t.http().patch(`/api/assistants/${s.assistantId}`).set(s.user.auth).send({ chunkSize: 40, chunkOverlap: 0 }).expect(200);
      // The activities themselves, step by step, to look at search between them.
      const acts = createActivities(
        createActivityDeps(
          h.t.config,
          h.t.prisma,
          { publish: () => undefined },
          { signal: () => new AbortController().signal, heartbeat: () => undefined },
          { database: h.t.db },
        ),
      );
      const taskId = `ingest-${id}`;
      const { chunkCount, generation } = await acts.parseAndChunk({ taskId, documentId: id, reindex: true });
      expect(generation).toBe(1);
      const onlyOld = async () => {
        const passages = await search(s, 'seal of valve V12 pressure reading');
        expect(passages.length).toBeGreaterThan(0);
        expect(passages.every((p) => oldIds.has(p.chunkId))).toBe(true);
      };
      await onlyOld();
      for (let from = 0; from < chunkCount; from += 32) {
        await acts.embedAndIndexBatch({ taskId, documentId: id, from, to: Math.min(from + 32, chunkCount), total: chunkCount, generation });
      }
      await onlyOld(); // all indexed, not yet live
      await acts.swapChunks({ taskId, documentId: id, generation: generation! });
      const passages = await search(s, 'seal of valve V12 pressure reading');
      expect(passages.length).toBeGreaterThan(0);
      expect(passages.some((p) => oldIds.has(p.chunkId))).toBe(false);
      expect(await h.t.prisma.chunk.count({ where: { documentId: id } })).toBe(chunkCount);
      await acts.markReady({ taskId, documentId: id });
      expect(await documentOf(s, id)).toMatchObject({ status: 'ready', chunkCount });
    });

    it("moves a task's progress only forward when batches in flight end out of order, and not at all once it ended", async () => {
      const s = await createChatSetup(h);
      // Long enough for three batches of small chunks.
      const id = await ready(s, 'manual.md', `${MANUAL}\n\n${MANUAL.replace(/Section/g, 'Part')}`);
      await h.t.http().patch(`/api/assistants/${s.assistantId}`).set(s.user.auth).send({ chunkSize: 32, chunkOverlap: 0 }).expect(200);
      const published: { type: string; percent?: number; progress?: number }[] = [];
      const acts = createActivities(
        createActivityDeps(
          h.t.config,
          h.t.prisma,
          { publish: (e) => published.push(e) },
          { signal: () => new AbortController().signal, heartbeat: () => undefined },
          { database: h.t.db },
        ),
      );
      const taskId = `ingest-${id}`;
      const { chunkCount, generation } = await acts.parseAndChunk({ taskId, documentId: id, reindex: true });
      expect(chunkCount).toBeGreaterThan(64);
      const batch = (from: number) =>
        acts.embedAndIndexBatch({ taskId, documentId: id, from, to: Math.min(from + 32, chunkCount), total: chunkCount, generation });
      const progressNow = async () => (await h.t.prisma.task.findUniqueOrThrow({ where: { id: taskId } })).progress;
      const documentNow = () => h.t.prisma.knowledgeDocument.findUniqueOrThrow({ where: { id } });

      await batch(32); // the second batch ends first
      const ahead = await progressNow();
      expect(ahead).toBeGreaterThan(15);
      expect(await documentNow()).toMatchObject({ status: 'processing', progress: ahead });
      published.length = 0;
      await batch(0); // then the first: behind, so nothing moves and nothing is told
      expect(await progressNow()).toBe(ahead);
      expect((await documentNow()).progress).toBe(ahead);
      expect(published).toEqual([]);

      await h.t.prisma.task.update({ where: { id: taskId }, data: { status: 'cancelled' } });
      await batch(64); // a batch still in flight when the task was cancelled
      expect(await h.t.prisma.task.findUniqueOrThrow({ where: { id: taskId } })).toMatchObject({ status: 'cancelled', progress: ahead });
      expect((await documentNow()).progress).toBe(ahead);
      expect(published).toEqual([]);

      // The re-index fails (the document stays ready on its previous index); a batch's document
      // write that lands after that (its task moved just before the end) leaves the end state alone.
      await acts.markFailed({ taskId, documentId: id, error: 'stopped', cancelled: false });
      await new PostgresStores(h.t.prisma, h.t.db.sql).documents.markProcessing(id, 99);
      expect(await documentNow()).toMatchObject({ status: 'ready', error: 'stopped', progress: ahead });
    });

    it('re-indexes every ready document of an assistant in one task that counts them', async () => {
      const s = await createChatSetup(h);
      const ids = [await ready(s, 'a.md', MANUAL), await ready(s, 'b.md', MANUAL.replace(/pump/g, 'compressor'))];
      const before = await Promise.all(ids.map((id) => documentOf(s, id)));
      await h.t.http().patch(`/api/assistants/${s.assistantId}`).set(s.user.auth).send({ chunkSize: 48, chunkOverlap: 0 }).expect(200);

      const res = await h.t.http().post(`/api/assistants/${s.assistantId}/reindex`).set(s.user.auth).expect(202);
      expect(res.body).toEqual({
        taskId: `reindex-assistant-${s.assistantId}`,
        documents: 2,
        links: { task: `/api/tasks/reindex-assistant-${s.assistantId}` },
      });
      expectProblem(await h.t.http().post(`/api/assistants/${s.assistantId}/reindex`).set(s.user.auth), 409);

      const task = await waitForTask(h, s, res.body.taskId);
      expect(task).toMatchObject({ kind: 'reindex', status: 'done', progress: 100, error: null, items: { done: 2, total: 2 } });
      const after = await Promise.all(ids.map((id) => documentOf(s, id)));
      after.forEach((document) => expect(document).toMatchObject({ status: 'ready', error: null }));
      after.forEach((document, i) => expect(document.chunkCount).toBeGreaterThan(before[i].chunkCount));
      const counted = h.events
        .filter((e) => e.type === 'task.status' && e.taskId === res.body.taskId)
        .map((e) => (e as { items?: { done: number } }).items?.done);
      expect(counted).toEqual(expect.arrayContaining([0, 1, 2]));
      // Each document's own re-index reported its progress too.
      for (const id of ids)
        expect(h.events.filter((e) => e.type === 'document.progress' && e.documentId === id).at(-1)).toMatchObject({ status: 'ready', stage: 'done' });

      // Done: it may run again.
      await h.t.http().post(`/api/assistants/${s.assistantId}/reindex`).set(s.user.auth).expect(202);
      expect(await waitForTask(h, s, res.body.taskId)).toMatchObject({ status: 'done', attempt: 2, items: { done: 2, total: 2 } });
    });

    it('answers 404 for an unknown document or assistant and 403 to another member', async () => {
      const s = await createChatSetup(h);
      const id = await ready(s, 'manual.md', MANUAL);
      const unknown = '00000000-0000-4000-8000-000000000000';
      expectProblem(await h.t.http().post(`/api/documents/${unknown}/reindex`).set(s.user.auth), 404);
      expectProblem(await h.t.http().post(`/api/assistants/${unknown}/reindex`).set(s.user.auth), 404);
      const other = await createChatSetup(h);
      expectProblem(await h.t.http().post(`/api/documents/${id}/reindex`).set(other.user.auth), 403);
      expectProblem(await h.t.http().post(`/api/assistants/${s.assistantId}/reindex`).set(other.user.auth), 403);
    });
  });
}
