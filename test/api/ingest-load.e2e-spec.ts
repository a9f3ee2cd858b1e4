import { monitorEventLoopDelay } from 'node:perf_hooks';
import { PrismaService } from '../../apps/api/src/database/prisma.service';
import { loginAdmin, startTestApp, type TestApp, type TestUser } from '../support/api-app';

// A multi-MB upload must not stop the server from serving everyone else (issue 6, §1). The app
// runs in this process, so the event loop measured here is the one that serves HTTP.

/** About `megabytes` of Markdown: many sections of prose, like a handbook. */
function handbook(megabytes: number): Buffer {
  const paragraph = 'Employees may take parental leave after one year of service; the request goes to the manager two months ahead. ';
  const section = (i: number) => `## Section ${i}\n\n${paragraph.repeat(12)}\n\n${paragraph.repeat(9)}\n\n`;
  const parts: string[] = ['# Staff handbook\n\n'];
  let size = 0;
  for (let i = 0; size < megabytes * 1024 * 1024; i++) {
    parts.push(section(i));
    size += parts[parts.length - 1].length;
  }
  return Buffer.from(parts.join(''));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// This test polls every 50 ms, so requests keep the database busy and ingest gets its share of the
// database's time (INGEST_DB_SHARE), not all of it: on a loaded shared machine a 4 MB ingest then
// takes more than jest's default minute.
const INGEST_TEST_MS = 240_000;

describe('ingest under load: the request thread stays free', () => {
  let t: TestApp;
  let admin: TestUser;
  beforeAll(async () => {
    t = await startTestApp({ INGEST_CONCURRENCY: '1' });
    admin = await loginAdmin(t);
  }, INGEST_TEST_MS);
  afterAll(() => t.close(), INGEST_TEST_MS);

  async function assistant(name: string): Promise<string> {
    return (await t.http().post('/api/assistants').set(admin.auth).send({ name }).expect(201)).body.id;
  }

  async function status(path: string): Promise<string> {
    return (await t.http().get(path).set(admin.auth).expect(200)).body.status;
  }

  it(
    'answers health checks and chat turns promptly while a 4 MB document is ingested',
    async () => {
      const library = await assistant('Library');
      const helpdesk = await assistant('Helpdesk');
      const conversation = (await t.http().post('/api/conversations').set(admin.auth).send({ assistantId: helpdesk }).expect(201)).body.id;

      const lanes = t.app.get(PrismaService).db.lanes;
      const before = lanes.stats;
      const delay = monitorEventLoopDelay({ resolution: 10 });
      delay.enable();
      const upload = await t
        .http()
        .post(`/api/assistants/${library}/documents`)
        .set(admin.auth)
        .attach('file', handbook(4), { filename: 'handbook.md', contentType: 'text/markdown' });
      expect(upload.status).toBe(202);
      // Answered once stored: parsing is the workflow's job.
      expect(upload.body.document.chunkCount).toBe(0);
      const documentPath = `/api/documents/${upload.body.document.id}`;

      const chat = await t
        .http()
        .post(`/api/conversations/${conversation}/messages`)
        .set(admin.auth)
        .send({ content: 'How long is parental leave?' })
        .expect(202);
      let chatDoneWhileIngesting = false;
      let healthWhileIngesting = 0;
      for (;;) {
        await t.http().get('/api/health').expect(200);
        const documentStatus = await status(documentPath);
        if (documentStatus === 'ready' || documentStatus === 'failed') break;
        healthWhileIngesting++;
        if (!chatDoneWhileIngesting && (await status(`/api/tasks/${chat.body.taskId}`)) === 'done') chatDoneWhileIngesting = true;
        await sleep(50);
      }
      delay.disable();

      expect(await status(documentPath)).toBe('ready');
      const { chunkCount } = (await t.http().get(documentPath).set(admin.auth).expect(200)).body;
      expect(chunkCount).toBeGreaterThan(1000);
      // Every chunk and vector statement of the ingest went through the database's background lane
      // (16 chunks, 8 vectors a statement), so requests' queries went first.
      expect(lanes.stats.background - before.background).toBeGreaterThanOrEqual(Math.ceil(chunkCount / 16) + Math.ceil(chunkCount / 8));
      // The chat turn did not wait for the ingest, and health checks kept being answered during it.
      expect(chatDoneWhileIngesting).toBe(true);
      expect(healthWhileIngesting).toBeGreaterThan(3);
      // Parsing a document this size on the request thread blocks it for seconds; a generous bound
      // (a shared, loaded machine) still tells the two apart.
      expect(delay.max / 1e6).toBeLessThan(1000);
    },
    INGEST_TEST_MS,
  );

  it(
    'runs at most INGEST_CONCURRENCY ingests at once; the others wait their turn',
    async () => {
      const library = await assistant('Archive');
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await t
          .http()
          .post(`/api/assistants/${library}/documents`)
          .set(admin.auth)
          .attach('file', Buffer.from(`# Note ${i}\n\n${'Some text about the archive. '.repeat(2000)}`), {
            filename: `note-${i}.md`,
            contentType: 'text/markdown',
          });
        ids.push(res.body.document.id);
      }
      let mostAtOnce = 0;
      for (;;) {
        const documents: { id: string; status: string }[] = (await t.http().get(`/api/assistants/${library}/documents`).set(admin.auth).expect(200)).body;
        const mine = documents.filter((d) => ids.includes(d.id));
        mostAtOnce = Math.max(mostAtOnce, mine.filter((d) => d.status === 'processing').length);
        if (mine.every((d) => d.status === 'ready' || d.status === 'failed')) break;
        await sleep(20);
      }
      expect(mostAtOnce).toBeLessThanOrEqual(1);
      const documents: { status: string }[] = (await t.http().get(`/api/assistants/${library}/documents`).set(admin.auth).expect(200)).body;
      expect(documents.map((d) => d.status)).toEqual(['ready', 'ready', 'ready']);
    },
    INGEST_TEST_MS,
  );
});
