import { type ChatHarness, type ChatSetup, createChatSetup, startChatHarness, uploadDocument, waitForTask } from '../support/chat-harness';
import { docxBomb } from '../support/hostile-documents';
import { ingestLimitScenarios } from './ingest-limits-scenarios';

ingestLimitScenarios('embedded');
ingestLimitScenarios('temporal');

/**
 * The parse deadline needs the CPU pool's threads (a thread that overruns is terminated): the
 * embedded runner has them; the Temporal test worker parses inline, where nothing can be cut short.
 */
describe('a parse that overruns INGEST_PARSE_TIMEOUT_MS (embedded runner)', () => {
  let h: ChatHarness;
  let s: ChatSetup;
  beforeAll(async () => {
    h = await startChatHarness('embedded', { INGEST_PARSE_TIMEOUT_MS: '2000', MAX_DECOMPRESSED_BYTES: String(1024 * 1024 * 1024), INGEST_CONCURRENCY: '1' });
    s = await createChatSetup(h);
  }, 120_000);
  afterAll(() => h?.close());

  it('fails its document with the reason after one attempt, and frees the thread for the next', async () => {
    const bomb = await h.t
      .http()
      .post(`/api/assistants/${s.assistantId}/documents`)
      .set(s.user.auth)
      .attach('file', Buffer.from(docxBomb(10 * 1024 * 1024)), { filename: 'slow.docx', contentType: 'application/octet-stream' })
      .expect(202);
    const note = await uploadDocument(h, s, 'note.txt', 'The boiler is serviced every October.');
    const failed = await waitForTask(h, s, bomb.body.taskId, undefined, 120_000);
    expect(failed).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/Parsing "slow\.docx" took longer than 2 s \(INGEST_PARSE_TIMEOUT_MS\); the file may be malformed or too complex/),
    });
    expect(h.events.filter((e) => e.type === 'task.status' && e.taskId === bomb.body.taskId && e.status === 'parsing')).toHaveLength(1);
    expect((await waitForTask(h, s, note.taskId, undefined, 120_000)).status).toBe('done');
  }, 240_000);
});
