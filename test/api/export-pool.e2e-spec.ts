import { readdirSync } from 'node:fs';
import type request from 'supertest';
import { PdfExportPool } from '../../apps/api/src/conversations/export/pdf-export.pool';
import type { PdfSession } from '../../apps/api/src/conversations/export/pdf-session';
import { registerUser, startTestApp, type TestApp, type TestUser } from '../support/api-app';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { PDFParse } = require('pdf-parse');

/**
 * PDF exports share a bounded pool of threads (issue 14, item 6): 30 at once once made 47
 * threads and 1.6 GB. Here one thread, two places in its queue, two exports per person.
 */

const APP_START_MS = 180_000;
const threadsOfThisProcess = () => (process.platform === 'linux' ? readdirSync('/proc/self/task').length : 0);

function binary(res: request.Response, callback: (error: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

describe('PDF exports: a bounded pool', () => {
  let t: TestApp;
  let pool: PdfExportPool;
  let owner: TestUser;

  beforeAll(async () => {
    t = await startTestApp({ EXPORT_THREADS: '1', EXPORT_QUEUE_LIMIT: '2', EXPORT_CONCURRENT_PER_USER: '2', EXPORT_PDF_MAX_PAGES: '20' });
    pool = t.app.get(PdfExportPool);
    owner = await registerUser(t, 'pdf-owner');
  }, APP_START_MS);
  afterAll(() => t.close(), APP_START_MS);

  /** A conversation of `count` messages "message 0" … of `user`. */
  async function conversationOf(user: TestUser, count: number): Promise<string> {
    const assistant = (await t.http().post('/api/assistants').set(user.auth).send({ name: 'Exporter' }).expect(201)).body.id;
    const id = (await t.http().post('/api/conversations').set(user.auth).send({ assistantId: assistant, title: 'Long talk' }).expect(201)).body.id;
    await t.prisma.message.createMany({
      data: Array.from({ length: count }, (_, i) => ({
        conversationId: id,
        role: 'user' as const,
        content: `message ${i}`,
        createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
      })),
    });
    return id;
  }

  /** Sent at once (a supertest request left alone is never sent). */
  const exportPdf = (user: TestUser, id: string): Promise<request.Response> =>
    t
      .http()
      .get(`/api/conversations/${id}/export?format=pdf`)
      .set(user.auth)
      .buffer(true)
      .parse(binary)
      .then((res) => res);

  /** Holds the pool's only thread until closed, as a long export would. */
  const holdThread = (userId = 'holder'): Promise<PdfSession> => pool.start(userId, { title: 'Held', lines: [] });

  async function expectPdfOf(res: request.Response, count: number) {
    expect(res.status).toBe(200);
    const { text } = await new PDFParse({ data: new Uint8Array(res.body) }).getText();
    expect(text).toContain('message 0');
    expect(text).toContain(`message ${count - 1}`);
  }

  /** A problem with Retry-After (the body arrives as bytes: these requests parse PDFs). */
  function expectTryLater(res: request.Response, status: 429 | 503) {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(res.body.toString('utf8'))).toMatchObject({ status, detail: expect.any(String) });
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  }

  const waitFor = async (condition: () => boolean) => {
    while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
  };

  it('runs 30 exports at once on one thread: two wait, the rest get 503, the finished ones are whole', async () => {
    const people = await Promise.all(Array.from({ length: 15 }, (_, i) => registerUser(t, `pdf-${i}`)));
    const conversations = await Promise.all(people.map((person) => conversationOf(person, 120)));
    const baseline = threadsOfThisProcess();
    let peakThreads = baseline;
    let peakPoolThreads = 0;
    const sampler = setInterval(() => {
      peakThreads = Math.max(peakThreads, threadsOfThisProcess());
      peakPoolThreads = Math.max(peakPoolThreads, pool.stats().threads);
    }, 5);
    const held = await holdThread();
    try {
      const answers: request.Response[] = [];
      const requests = people.flatMap((person, i) => [0, 1].map(() => exportPdf(person, conversations[i]).then((res) => (answers.push(res), res))));
      // Everything beyond the two places in the queue is refused at once.
      await waitFor(() => answers.length === 28);
      for (const res of answers) expectTryLater(res, 503);
      expect(pool.stats().exports).toBe(3);
      held.close();
      const all = await Promise.all(requests);
      const done = all.filter((res) => res.status === 200);
      expect(done).toHaveLength(2);
      for (const res of done) await expectPdfOf(res, 120);
    } finally {
      held.close();
      clearInterval(sampler);
    }
    expect(peakPoolThreads).toBe(1);
    // The whole process, counted by the OS: one PDF thread more at most (and a little slack).
    if (process.platform === 'linux') expect(peakThreads - baseline).toBeLessThanOrEqual(3);
  });

  it('refuses a person a third export at once (429), and others once the queue is full (503)', async () => {
    const [other, third] = await Promise.all([registerUser(t, 'pdf-other'), registerUser(t, 'pdf-third')]);
    const [mine, theirs, thirds] = await Promise.all([conversationOf(owner, 30), conversationOf(other, 30), conversationOf(third, 30)]);
    const held = await holdThread(owner.id);
    try {
      const waiting = exportPdf(owner, mine);
      await waitFor(() => pool.stats().exports === 2);
      expectTryLater(await exportPdf(owner, mine), 429);
      const alsoWaiting = exportPdf(other, theirs);
      await waitFor(() => pool.stats().exports === 3);
      expectTryLater(await exportPdf(third, thirds), 503);
      // Other formats never wait for the pool.
      expect((await t.http().get(`/api/conversations/${thirds}/export?format=txt`).set(third.auth)).status).toBe(200);
      held.close();
      await expectPdfOf(await waiting, 30);
      await expectPdfOf(await alsoWaiting, 30);
    } finally {
      held.close();
    }
    await waitFor(() => pool.stats().exports === 0);
  });

  it('stops a PDF at EXPORT_PDF_MAX_PAGES and says so; other formats keep every message', async () => {
    const id = await conversationOf(owner, 2000);
    const res = await exportPdf(owner, id);
    expect(res.status).toBe(200);
    const { text, total } = await new PDFParse({ data: new Uint8Array(res.body) }).getText();
    expect(total).toBeLessThanOrEqual(21);
    expect(text).toContain('stops after 20 pages (EXPORT_PDF_MAX_PAGES)');
    expect(text).not.toContain('message 1999');
    const txt = await t.http().get(`/api/conversations/${id}/export?format=txt`).set(owner.auth).expect(200);
    expect(txt.text).toContain('message 1999');
  });
});
