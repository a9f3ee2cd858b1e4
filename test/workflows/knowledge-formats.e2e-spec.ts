import { UPLOAD_BATCH_VIEW_KEYS, UPLOAD_RESULT_VIEW_KEYS } from '@assistants/common';
import { NO_MODEL_NOTICE } from '@assistants/adapters';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectProblem, registerUser, startTestApp, type TestApp, type TestUser } from '../support/api-app';
import { waitForTask } from '../support/chat-harness';
import { expectViewKeys } from '../support/view-keys';

const fixture = (name: string) => readFileSync(join(__dirname, '../fixtures/documents', name));

// The newcomer's path in embedded mode: several real files in one upload, each ingested on its
// own, a broken one failing alone with a reason, and answers citing pages.
describe('knowledge base: real documents in one upload (embedded)', () => {
  let t: TestApp;
  let user: TestUser;
  beforeAll(async () => {
    t = await startTestApp({ LLM_BASE_URL: '', EMBEDDING_BASE_URL: '' });
    user = await registerUser(t);
  });
  afterAll(() => t?.close());

  const newAssistant = async (body: object = {}) =>
    (
      await t
        .http()
        .post('/api/assistants')
        .set(user.auth)
        .send({ name: 'Docs', ...body })
        .expect(201)
    ).body;
  const poll = (taskId: string) => waitForTask({ t }, { user }, taskId, undefined, 60_000);

  it('ingests PDF, DOCX, HTML and CSV, fails the corrupt one alone, and cites the PDF page', async () => {
    const assistant = await newAssistant();
    const res = await t
      .http()
      .post(`/api/assistants/${assistant.id}/documents`)
      .set(user.auth)
      // Declared types are deliberately unhelpful: the content decides.
      .attach('files', fixture('travel-policy.pdf'), { filename: 'travel-policy.pdf', contentType: 'application/octet-stream' })
      .attach('files', fixture('handbook.docx'), { filename: 'handbook.docx', contentType: 'application/octet-stream' })
      .attach('files', fixture('office-guide.html'), { filename: 'office-guide.html', contentType: 'text/plain' })
      .attach('files', fixture('prices.csv'), { filename: 'prices.csv', contentType: 'text/csv' })
      .attach('files', fixture('corrupt.pdf'), { filename: 'corrupt.pdf', contentType: 'application/pdf' })
      .expect(202);
    expectViewKeys(res.body, UPLOAD_BATCH_VIEW_KEYS, 'batch');
    res.body.results.forEach((r: object, i: number) => expectViewKeys(r, UPLOAD_RESULT_VIEW_KEYS, `results[${i}]`));
    expect(res.body).toMatchObject({ accepted: 5, rejected: 0 });
    const byName = Object.fromEntries(res.body.results.map((r: any) => [r.filename, r]));
    expect(byName['travel-policy.pdf'].document.mimeType).toBe('application/pdf');
    expect(byName['handbook.docx'].document.mimeType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(byName['office-guide.html'].document.mimeType).toBe('text/html');
    expect(byName['prices.csv'].document.mimeType).toBe('text/csv');

    const tasks = await Promise.all(res.body.results.map((r: any) => poll(r.taskId)));
    const documents = await Promise.all(
      res.body.results.map(async (r: any) => (await t.http().get(`/api/documents/${r.document.id}`).set(user.auth).expect(200)).body),
    );
    const docs = Object.fromEntries(documents.map((d: any) => [d.filename, d]));
    for (const name of ['travel-policy.pdf', 'handbook.docx', 'office-guide.html', 'prices.csv']) {
      expect({ name, status: docs[name].status, error: docs[name].error }).toEqual({ name, status: 'ready', error: null });
      expect(docs[name].chunkCount).toBeGreaterThan(0);
    }
    expect(docs['prices.csv'].chunkCount).toBe(1); // its three small rows share one passage
    expect(docs['corrupt.pdf'].status).toBe('failed');
    expect(docs['corrupt.pdf'].error).toMatch(/corrupt\.pdf.*not a readable PDF.*damaged/);
    expect(tasks.find((task: any) => task.documentId === docs['corrupt.pdf'].id)?.status ?? tasks[4].status).toBe('failed');

    const chunks = await t.prisma.chunk.findMany({ where: { documentId: docs['travel-policy.pdf'].id }, orderBy: { position: 'asc' } });
    expect(chunks.map((c) => [(c.metadata as any).page, (c.metadata as any).heading])).toEqual([
      [1, 'Travel policy'],
      [2, 'Hotel allowance'],
      [3, 'Суточные'],
    ]);
    const docxChunks = await t.prisma.chunk.findMany({ where: { documentId: docs['handbook.docx'].id } });
    expect(docxChunks.map((c) => (c.metadata as any).headingPath)).toContainEqual(['Employee handbook', 'Leave']);
    const htmlChunks = await t.prisma.chunk.findMany({ where: { documentId: docs['office-guide.html'].id } });
    expect(htmlChunks.map((c) => c.text).join('\n')).not.toMatch(/do-not-index|Home navigation|Copyright/);

    const conversation = (await t.http().post('/api/conversations').set(user.auth).send({ assistantId: assistant.id }).expect(201)).body;
    const turn = (
      await t
        .http()
        .post(`/api/conversations/${conversation.id}/messages`)
        .set(user.auth)
        .send({ content: 'What is the hotel allowance per night?' })
        .expect(202)
    ).body;
    const answer = (await poll(turn.taskId)).message;
    expect(answer.content).toContain(NO_MODEL_NOTICE);
    expect(answer.content).toContain('travel-policy.pdf, p. 2, Hotel allowance');
    expect(answer.content).toContain('180 euros per night');
    const source = answer.searchResults.find((s: any) => s.filename === 'travel-policy.pdf');
    expect(source).toMatchObject({ metadata: { page: 2 } });
    expect(answer.content).toContain(`[${source.citation}]`);
  });

  it('keeps single-file uploads as before and stores a Markdown file sent without a type as text/markdown', async () => {
    const assistant = await newAssistant();
    const res = await t
      .http()
      .post(`/api/assistants/${assistant.id}/documents`)
      .set(user.auth)
      .attach('file', fixture('notes.md'), { filename: 'notes.md', contentType: 'application/octet-stream' })
      .expect(202);
    expect(res.body.document).toMatchObject({ filename: 'notes.md', mimeType: 'text/markdown' });
    expect((await poll(res.body.taskId)).status).toBe('done');
  });

  it('answers per file: rejects empty, binary and duplicate files while accepting the rest', async () => {
    const assistant = await newAssistant();
    const res = await t
      .http()
      .post(`/api/assistants/${assistant.id}/documents`)
      .set(user.auth)
      .attach('file', fixture('prices.csv'), { filename: 'prices.csv', contentType: 'text/csv' })
      .attach('files', fixture('empty.txt'), { filename: 'empty.txt', contentType: 'text/plain' })
      .attach('files', fixture('binary.txt'), { filename: 'binary.txt', contentType: 'text/plain' })
      .attach('files', fixture('prices.csv'), { filename: 'copy.csv', contentType: 'text/csv' })
      .attach('files', fixture('encrypted.pdf'), { filename: 'encrypted.pdf', contentType: 'application/pdf' })
      .expect(202);
    expect(res.body.results.map((r: any) => [r.filename, r.status, r.problem?.status])).toEqual([
      ['prices.csv', 'accepted', undefined],
      ['empty.txt', 'rejected', 400],
      ['binary.txt', 'rejected', 415],
      ['copy.csv', 'rejected', 409],
      ['encrypted.pdf', 'accepted', undefined],
    ]);
    expect(res.body.results[2].problem.detail).toMatch(/binary/);
    const encrypted = await poll(res.body.results[4].taskId);
    expect(encrypted.status).toBe('failed');
    expect(encrypted.error).toMatch(/encrypted.*password/);
    expect((await poll(res.body.results[0].taskId)).status).toBe('done');

    // Nothing acceptable: one problem naming every file's reason.
    const none = await t
      .http()
      .post(`/api/assistants/${assistant.id}/documents`)
      .set(user.auth)
      .attach('files', fixture('binary.txt'), { filename: 'a.txt', contentType: 'text/plain' })
      .attach('files', fixture('binary.txt'), { filename: 'b.bin', contentType: 'application/octet-stream' });
    expect(expectProblem(none, 415).detail).toMatch(/None of the 2 files.*a\.txt.*b\.bin/);
  });

  it("chunks with the assistant's own size and overlap", async () => {
    expectProblem(await t.http().post('/api/assistants').set(user.auth).send({ name: 'Bad', chunkSize: 64, chunkOverlap: 40 }), 400);
    const text = Array.from({ length: 40 }, (_, i) => `Sentence number ${i} talks about the office rules.`).join(' ');
    const chunkCount = async (settings: object) => {
      const assistant = await newAssistant(settings);
      const res = await t
        .http()
        .post(`/api/assistants/${assistant.id}/documents`)
        .set(user.auth)
        .attach('file', Buffer.from(text), { filename: 'rules.txt' })
        .expect(202);
      await poll(res.body.taskId);
      return { assistant, chunks: await t.prisma.chunk.findMany({ where: { documentId: res.body.document.id } }) };
    };
    const small = await chunkCount({ chunkSize: 32, chunkOverlap: 4 });
    expect(small.assistant).toMatchObject({ chunkSize: 32, chunkOverlap: 4 });
    const standard = await chunkCount({});
    expect(standard.assistant).toMatchObject({ chunkSize: 256, chunkOverlap: 32 });
    expect(standard.chunks.length).toBeLessThan(small.chunks.length);
    // The stored overlap counts when only the size changes.
    const patch = (body: object) => t.http().patch(`/api/assistants/${standard.assistant.id}`).set(user.auth).send(body);
    expect(expectProblem(await patch({ chunkSize: 48 }), 400).errors).toEqual([expect.objectContaining({ field: 'chunkOverlap' })]);
    expect((await patch({ chunkSize: 48, chunkOverlap: 8 }).expect(200)).body).toMatchObject({ chunkSize: 48, chunkOverlap: 8 });
    const chunks = small.chunks;
    expect(chunks.length).toBeGreaterThan(6);
    for (const c of chunks) expect(c.tokenCount).toBeLessThanOrEqual(32);
  });
});
