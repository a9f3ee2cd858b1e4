import type request from 'supertest';
import { expectProblem, loginAdmin, registerUser, startTestApp, type TestApp, type TestUser } from '../support/api-app';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { PDFParse } = require('pdf-parse');

const TITLE = 'Отпуск: вопросы и ответы';
const QUESTION = 'Сколько дней отпуска положено?';
const ANSWER = 'Двадцать восемь календарных дней [1].';
/** Content that would break a naive Markdown export: a fence, fake headings, HTML. */
const HOSTILE = 'Look:\n```\n## Assistant · 2000-01-01 00:00:00 UTC\n<script>alert(1)</script>\n`````\n# Title\r\n- [x](javascript:alert(1))';
const SOURCE = {
  citation: 1,
  chunkId: 'c1',
  documentId: 'd1',
  filename: 'Справочник.md',
  position: 2,
  score: 0.9,
  text: 'Работнику положено 28 дней.',
  metadata: {},
};
/** A passage from a PDF page: the export names the page, not the passage. */
const PAGED_SOURCE = {
  ...SOURCE,
  citation: 2,
  chunkId: 'c2',
  filename: 'travel-policy.pdf',
  position: 7,
  text: 'Trips over 3 days need approval.',
  metadata: { page: 2 },
};

/** Headings outside backtick fences, with the fence rule of CommonMark (a close needs a run at least as long). */
function headingsOutsideFences(markdown: string): string[] {
  const headings: string[] = [];
  let open = 0;
  for (const line of markdown.split(/\r\n|\r|\n/)) {
    const fence = /^ {0,3}(`{3,})(.*)$/.exec(line);
    if (open) {
      if (fence && fence[1].length >= open && !fence[2].trim()) open = 0;
    } else if (fence) open = fence[1].length;
    else if (/^ {0,3}#{1,6}\s/.test(line)) headings.push(line);
  }
  expect(open).toBe(0);
  return headings;
}

describe('conversation export', () => {
  let t: TestApp;
  let owner: TestUser;
  let other: TestUser;
  let admin: TestUser;
  let conversation: string;

  beforeAll(async () => {
    t = await startTestApp();
    [owner, other, admin] = await Promise.all([registerUser(t, 'exporter'), registerUser(t, 'export-other'), loginAdmin(t)]);
    const assistant = (await t.http().post('/api/assistants').set(owner.auth).send({ name: 'HR помощник' }).expect(201)).body.id;
    conversation = (await t.http().post('/api/conversations').set(owner.auth).send({ assistantId: assistant, title: TITLE }).expect(201)).body.id;
    const at = (s: number) => new Date(Date.UTC(2026, 10, 1, 9, 0, s));
    const q = await t.prisma.message.create({ data: { conversationId: conversation, role: 'user', content: QUESTION, createdAt: at(0) } });
    await t.prisma.message.create({
      data: {
        conversationId: conversation,
        role: 'assistant',
        content: ANSWER,
        status: 'done',
        replyToId: q.id,
        searchResults: [SOURCE, PAGED_SOURCE],
        rating: 4,
        feedback: 'Clear and short',
        createdAt: at(2),
      },
    });
    await t.prisma.message.create({ data: { conversationId: conversation, role: 'user', content: HOSTILE, createdAt: at(3) } });
  });
  afterAll(() => t.close());

  const download = (format: string, user: TestUser = owner, id = conversation) =>
    t.http().get(`/api/conversations/${id}/export?format=${format}`).set(user.auth).buffer(true).parse(binary);

  function binary(res: request.Response, callback: (error: Error | null, body: Buffer) => void) {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => callback(null, Buffer.concat(chunks)));
  }

  function expectAttachment(res: request.Response, type: RegExp, extension: string) {
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(type);
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="conversation.${extension}"; filename*=UTF-8''${encodeURIComponent(`Отпуск- вопросы и ответы.${extension}`)}`,
    );
  }

  it('exports readable Markdown: roles, times, answers as Markdown, pages, ratings, and text that cannot break the structure', async () => {
    const res = await download('md');
    expectAttachment(res, /^text\/markdown; charset=utf-8/, 'md');
    const md = res.body.toString('utf8');
    // Dates, colons, dots and commas are left alone: only what Markdown needs is escaped.
    expect(headingsOutsideFences(md)).toEqual([
      '# Отпуск: вопросы и ответы',
      '## User · 2026-11-01 09:00:00 UTC',
      '## Assistant · 2026-11-01 09:00:02 UTC',
      '## User · 2026-11-01 09:00:03 UTC',
    ]);
    expect(md).not.toContain('```text');
    expect(md).toContain(`## User · 2026-11-01 09:00:00 UTC\n\n${QUESTION}\n`);
    expect(md).toContain(`## Assistant · 2026-11-01 09:00:02 UTC\n\n${ANSWER}\n`);
    expect(md).toContain('*Rating: 4/5 · Clear and short*');
    expect(md).toContain('- \\[1\\] Справочник.md, passage 3: Работнику положено 28 дней.');
    expect(md).toContain('- \\[2\\] travel-policy.pdf, p. 2: Trips over 3 days need approval.');
    // The person's hostile text is escaped line by line: no heading, fence, HTML or link of its own.
    expect(md).toContain('\\## Assistant · 2000-01-01 00:00:00 UTC\\\n\\<script\\>alert(1)\\</script\\>');
    expect(md).toContain('\\- \\[x\\](javascript:alert(1))');
  });

  it('exports plain text with content indented under each heading', async () => {
    const res = await download('txt');
    expectAttachment(res, /^text\/plain; charset=utf-8/, 'txt');
    const text = res.body.toString('utf8');
    expect(text.startsWith(`${TITLE}\nAssistant: HR помощник\n`)).toBe(true);
    expect(text).toContain(`--- User · 2026-11-01 09:00:00 UTC ---\n    ${QUESTION}\n`);
    expect(text).toContain(
      `--- Assistant · 2026-11-01 09:00:02 UTC ---\n    ${ANSWER}\n  Rating: 4/5 · Clear and short\n  Sources:\n  [1] Справочник.md, passage 3: Работнику положено 28 дней.\n  [2] travel-policy.pdf, p. 2: Trips over 3 days need approval.`,
    );
    expect(text.split('\n').filter((line: string) => line.startsWith('--- '))).toHaveLength(3);
  });

  it('exports JSON: the conversation view with every message view', async () => {
    const res = await download('json');
    expectAttachment(res, /^application\/json; charset=utf-8/, 'json');
    const body = JSON.parse(res.body.toString('utf8'));
    const listed = (await t.http().get(`/api/conversations/${conversation}/messages`).set(owner.auth).expect(200)).body.items;
    expect(body.conversation).toMatchObject({ id: conversation, title: TITLE, assistant: { name: 'HR помощник' } });
    expect(body.messages).toEqual(listed);
    expect(body.messages[1].searchResults).toEqual([SOURCE, PAGED_SOURCE]);
  });

  it('exports a PDF whose text, Cyrillic included, reads back', async () => {
    const res = await download('pdf');
    expectAttachment(res, /^application\/pdf/, 'pdf');
    expect(res.body.subarray(0, 5).toString()).toBe('%PDF-');
    const { text } = await new PDFParse({ data: new Uint8Array(res.body) }).getText();
    const flat = text.replace(/\s+/g, ' ');
    for (const expected of [
      TITLE,
      QUESTION,
      ANSWER,
      'Assistant: HR помощник',
      'Sources:',
      '[1] Справочник.md, passage 3',
      '[2] travel-policy.pdf, p. 2',
      'Rating: 4/5 · Clear and short',
      '<script>alert(1)</script>',
    ]) {
      expect(flat).toContain(expected);
    }
  });

  it('pages a long conversation through the database, every message once and in order', async () => {
    const assistant = (await t.http().post('/api/assistants').set(owner.auth).send({ name: 'Long' }).expect(201)).body.id;
    const long = (await t.http().post('/api/conversations').set(owner.auth).send({ assistantId: assistant, title: 'Long one' }).expect(201)).body.id;
    const base = Date.UTC(2026, 0, 1);
    // Pairs share a timestamp, so paging must order by (created_at, id) to lose none.
    await t.prisma.message.createMany({
      data: Array.from({ length: 450 }, (_, i) => ({
        conversationId: long,
        role: 'user' as const,
        content: `message ${i}`,
        createdAt: new Date(base + Math.floor(i / 2) * 1000),
      })),
    });
    const json = JSON.parse((await download('json', owner, long)).body.toString('utf8'));
    expect(json.messages).toHaveLength(450);
    const ids = json.messages.map((m: { id: string }) => m.id);
    expect(new Set(ids).size).toBe(450);
    const txt = (await download('txt', owner, long)).body.toString('utf8');
    expect(txt.match(/^ {4}message \d+$/gm)).toHaveLength(450);
    const pdf = await new PDFParse({ data: new Uint8Array((await download('pdf', owner, long)).body) }).getText();
    expect(pdf.text).toContain('message 449');
  });

  it('lets the owner and admins export; others get problems', async () => {
    expect((await download('md', admin)).status).toBe(200);
    expectProblem(await t.http().get(`/api/conversations/${conversation}/export?format=md`).set(other.auth), 403);
    expectProblem(await t.http().get(`/api/conversations/${conversation}/export`), 401);
    expectProblem(await t.http().get(`/api/conversations/${conversation}/export?format=docx`).set(owner.auth), 400);
    expectProblem(await t.http().get('/api/conversations/00000000-0000-4000-8000-000000000000/export').set(owner.auth), 404);
  });

  it('stops a PDF export when the client disconnects and keeps serving', async () => {
    const assistant = (await t.http().post('/api/assistants').set(owner.auth).send({ name: 'Q' }).expect(201)).body.id;
    const id = (await t.http().post('/api/conversations').set(owner.auth).send({ assistantId: assistant }).expect(201)).body.id;
    await t.prisma.message.createMany({
      data: Array.from({ length: 600 }, (_, i) => ({
        conversationId: id,
        role: 'user' as const,
        content: `message ${i} `.repeat(50),
        createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
      })),
    });
    const server = t.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address();
    const { request } = await import('node:http');
    await new Promise<void>((resolve, reject) => {
      const req = request({ port, path: `/api/conversations/${id}/export?format=pdf`, headers: owner.auth }, (res) => {
        expect(res.statusCode).toBe(200);
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', (error) => (req.destroyed ? undefined : reject(error)));
      req.end();
    });
    await new Promise((r) => setTimeout(r, 300));
    const again = await t.http().get(`/api/conversations/${id}/export?format=txt`).set(owner.auth).expect(200);
    expect(again.text.match(/^ {4}message \d+ /gm)).toHaveLength(600);
  });
});
