import type { IncomingMessage, Server } from 'node:http';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { expectProblem, loginAdmin, registerUser, startTestApp, type TestApp, type TestUser } from '../support/api-app';

/**
 * Uploads are admitted before their body is read (issue 14, item 7): who is asking, whether they
 * may add documents to that assistant, how many uploads they already have open, and whether the
 * knowledge base has room, are all decided on the headers. Bodies here are streamed by hand, so
 * the test can see how much of one the server took before it answered.
 */

const BOUNDARY = 'upload-test-boundary';
const CHUNK = 64 * 1024;
const MB = 1024 * 1024;
const APP_START_MS = 180_000;

interface Answer {
  status: number;
  headers: IncomingMessage['headers'];
  body: Record<string, any>;
}

interface StreamedUpload {
  answer: Promise<Answer>;
  /** Body bytes the client has produced so far (what the socket took, plus a chunk or two in flight). */
  pulled(): number;
  /** Lets a held upload send the rest of its body. */
  release(): void;
  /** With `expectContinue`: whether the server said "100 Continue". */
  continued(): boolean;
}

/**
 * One multipart file of `size` bytes, made as the socket asks for it. With `hold`, only the first
 * chunk goes out until `release()`: an upload that stays open as long as the test wants.
 */
function streamUpload(
  port: number,
  path: string,
  auth: Record<string, string>,
  size: number,
  options: { hold?: boolean; filename?: string; expectContinue?: boolean } = {},
): StreamedUpload {
  const head = Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${options.filename ?? 'big.txt'}"\r\nContent-Type: text/plain\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
  let pulled = 0;
  let continued = false;
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  if (!options.hold) release();
  async function* body() {
    yield head;
    for (let sent = 0; sent < size; sent += CHUNK) {
      if (sent > 0) await released;
      // Short paragraphs: an admitted upload is ingested, and should be quick to.
      const chunk = Buffer.alloc(Math.min(CHUNK, size - sent), `${options.filename ?? 'big.txt'}, part ${sent}.\n\n`);
      pulled += chunk.length;
      yield chunk;
    }
    yield tail;
  }
  const answer = new Promise<Answer>((resolve, reject) => {
    let answered = false;
    const req = httpRequest(
      {
        port,
        host: '127.0.0.1',
        method: 'POST',
        path,
        agent: false,
        headers: {
          ...auth,
          'Content-Type': `multipart/form-data; boundary=${BOUNDARY}`,
          'Content-Length': String(head.length + size + tail.length),
          ...(options.expectContinue && { Expect: '100-continue' }),
        },
      },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') }));
        res.on('error', reject);
      },
    );
    // A server that refuses early closes the connection while the body is still coming: that is the point.
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    const source = Readable.from(body(), { objectMode: false, highWaterMark: CHUNK });
    // With Expect: 100-continue the body goes only once the server has said to send it.
    if (options.expectContinue) {
      req.once('continue', () => {
        continued = true;
        source.pipe(req);
      });
    } else source.pipe(req);
    req.on('close', () => source.destroy());
  });
  return { answer, pulled: () => pulled, release, continued: () => continued };
}

function expectProblemAnswer(answer: Answer, status: number): Record<string, any> {
  expect(answer.status).toBe(status);
  expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(answer.body).toMatchObject({ status, title: expect.any(String) });
  return answer.body;
}

const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
};

describe('uploads: admitted before the body is read', () => {
  let t: TestApp;
  let port: number;
  let owner: TestUser;
  let stranger: TestUser;
  let admin: TestUser;
  /** Per request path: bytes the server had read from that connection when it finished answering. */
  const readWhenAnswered = new Map<string, number>();
  /** Upload requests the server has received, to see when it is reading their bodies. */
  const received: IncomingMessage[] = [];

  beforeAll(async () => {
    t = await startTestApp({ MAX_CONCURRENT_UPLOADS_PER_USER: '2', MAX_DOCUMENTS_PER_ASSISTANT: '4' });
    const server = t.app.getHttpServer() as Server;
    server.on('request', (req: IncomingMessage, res) => {
      if (req.method === 'POST' && req.url?.endsWith('/documents')) received.push(req);
      res.on('finish', () => readWhenAnswered.set(`${req.url}#${received.indexOf(req)}`, req.socket?.bytesRead ?? 0));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    [owner, stranger, admin] = await Promise.all([registerUser(t, 'uploader'), registerUser(t, 'stranger'), loginAdmin(t)]);
  }, APP_START_MS);
  afterAll(() => t.close(), APP_START_MS);

  const newAssistant = async (user = owner) => (await t.http().post('/api/assistants').set(user.auth).send({ name: 'Library' }).expect(201)).body.id as string;
  const smallUpload = (assistant: string, user: TestUser, text: string) =>
    t
      .http()
      .post(`/api/assistants/${assistant}/documents`)
      .set(user.auth)
      .attach('file', Buffer.from(text), { filename: `${text.slice(0, 20)}.txt`, contentType: 'text/plain' });

  it("refuses a stranger's 15 MB upload at once, having read almost none of it", async () => {
    const assistant = await newAssistant();
    const path = `/api/assistants/${assistant}/documents`;
    const upload = streamUpload(port, path, stranger.auth, 15 * MB);
    const answer = await upload.answer;
    expect(expectProblemAnswer(answer, 403).detail).toMatch(/owner or an administrator/);
    // Before the fix the server read all 15 MB, then answered 403.
    const read = readWhenAnswered.get(`${path}#${received.length - 1}`)!;
    expect(read).toBeGreaterThan(0);
    expect(read).toBeLessThan(1 * MB);
    expect(answer.headers.connection).toBe('close');
    expect(upload.pulled()).toBeLessThan(15 * MB);
    expect(await t.prisma.knowledgeDocument.count({ where: { assistantId: assistant } })).toBe(0);
  });

  it('refuses an upload to an unknown assistant, or without credentials, the same way', async () => {
    const unknown = streamUpload(port, '/api/assistants/00000000-0000-4000-8000-000000000000/documents', owner.auth, 15 * MB);
    expectProblemAnswer(await unknown.answer, 404);
    expect(unknown.pulled()).toBeLessThan(15 * MB);
    const anonymous = streamUpload(port, `/api/assistants/${await newAssistant()}/documents`, {}, 15 * MB);
    expectProblemAnswer(await anonymous.answer, 401);
    expect(anonymous.pulled()).toBeLessThan(15 * MB);
  });

  it('never has a refused body sent at all when the client waits for "100 Continue", as curl does', async () => {
    const assistant = await newAssistant();
    const path = `/api/assistants/${assistant}/documents`;
    const refused = streamUpload(port, path, stranger.auth, 15 * MB, { expectContinue: true });
    expectProblemAnswer(await refused.answer, 403);
    expect(refused.continued()).toBe(false);
    expect(refused.pulled()).toBe(0);
    const admitted = streamUpload(port, path, owner.auth, 2 * CHUNK, { expectContinue: true, filename: 'continued.txt' });
    expect((await admitted.answer).status).toBe(202);
    expect(admitted.continued()).toBe(true);
    expect(admitted.pulled()).toBe(2 * CHUNK);
  });

  it('answers a body larger than any upload may be with 413 before reading it', async () => {
    const assistant = await newAssistant();
    const allowed = t.config.maxUploadBytes * t.config.maxUploadFiles;
    const upload = streamUpload(port, `/api/assistants/${assistant}/documents`, owner.auth, allowed + 2 * MB);
    expect(expectProblemAnswer(await upload.answer, 413).detail).toMatch(/MAX_UPLOAD_BYTES/);
    expect(upload.pulled()).toBeLessThan(allowed);
  });

  it('lets a person have two uploads open at once; a third answers 429 before its body is read', async () => {
    const assistant = await newAssistant();
    const path = `/api/assistants/${assistant}/documents`;
    const before = received.length;
    const open = [
      streamUpload(port, path, owner.auth, 2 * CHUNK, { hold: true, filename: 'one.txt' }),
      streamUpload(port, path, owner.auth, 2 * CHUNK, { hold: true, filename: 'two.txt' }),
    ];
    try {
      // Both admitted: the server is reading their bodies.
      await until(() => received.length - before === 2 && received.slice(before).every((req) => req.readableFlowing === true));
      const third = streamUpload(port, path, owner.auth, 15 * MB, { filename: 'three.txt' });
      const refused = expectProblemAnswer(await third.answer, 429);
      expect(refused.detail).toMatch(/2 uploads/);
      expect(Number((await third.answer).headers['retry-after'])).toBeGreaterThan(0);
      expect(third.pulled()).toBeLessThan(15 * MB);
      // Someone else is not held up by it.
      await smallUpload(assistant, admin, 'The admin adds a note.').expect(202);
    } finally {
      for (const upload of open) upload.release();
    }
    expect((await Promise.all(open.map((u) => u.answer))).map((a) => a.status)).toEqual([202, 202]);
    // The slots are free again once those answered.
    await smallUpload(assistant, owner, 'A fourth, later.').expect(202);
  });

  it('caps the documents of an assistant, naming the limit, and concurrent uploads do not overshoot it', async () => {
    const assistant = await newAssistant();
    await smallUpload(assistant, owner, 'First document.').expect(202);
    // Four at once (two people, two each) for the three places left.
    const answers = await Promise.all([
      smallUpload(assistant, owner, 'Owner one.'),
      smallUpload(assistant, owner, 'Owner two.'),
      smallUpload(assistant, admin, 'Admin one.'),
      smallUpload(assistant, admin, 'Admin two.'),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([202, 202, 202, 409]);
    for (const refused of answers.filter((a) => a.status === 409))
      expect(expectProblem(refused, 409).detail).toMatch(/4 documents.*MAX_DOCUMENTS_PER_ASSISTANT/);
    expect(await t.prisma.knowledgeDocument.count({ where: { assistantId: assistant } })).toBe(4);
    // A full knowledge base refuses on the headers too.
    const late = streamUpload(port, `/api/assistants/${assistant}/documents`, owner.auth, 15 * MB);
    expectProblemAnswer(await late.answer, 409);
    expect(late.pulled()).toBeLessThan(15 * MB);
    // Several files at once: those that fit are taken, the others refused one by one.
    const other = await newAssistant();
    await smallUpload(other, owner, 'Already here.').expect(202);
    const batch = t.http().post(`/api/assistants/${other}/documents`).set(owner.auth);
    for (const name of ['a', 'b', 'c', 'd']) batch.attach('files', Buffer.from(`File ${name}.`), { filename: `${name}.txt`, contentType: 'text/plain' });
    const result = (await batch.expect(202)).body;
    expect(result).toMatchObject({ accepted: 3, rejected: 1 });
    expect(result.results[3]).toMatchObject({ filename: 'd.txt', status: 'rejected', problem: { status: 409 } });
  });
});
