import { type TemporalWorkflowRunner } from '@assistants/runtime';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WORKFLOW_RUNNER } from '../../apps/api/src/runtime/runtime.module';
import { type ChatHarness, type ChatSetup, createChatSetup, startChatHarness, waitForTask } from '../support/chat-harness';
import { docxBomb } from '../support/hostile-documents';

const MB = 1024 * 1024;

/**
 * A document past a limit fails once, with a reason a person can act on, and is not retried with
 * the same input: the same scenarios on the embedded runner and on Temporal with our worker.
 */
export function ingestLimitScenarios(runner: 'embedded' | 'temporal'): void {
  describe(`documents past a limit (${runner} runner)`, () => {
    let h: ChatHarness;
    let s: ChatSetup;
    beforeAll(async () => {
      h = await startChatHarness(runner, { MAX_CHUNKS_PER_DOCUMENT: '5', MAX_DECOMPRESSED_BYTES: String(MB) });
      s = await createChatSetup(h, { chunkSize: 32, chunkOverlap: 0 });
    }, 120_000);
    afterAll(() => h?.close());

    const upload = async (filename: string, content: Uint8Array, contentType: string) => {
      const res = await h.t
        .http()
        .post(`/api/assistants/${s.assistantId}/documents`)
        .set(s.user.auth)
        .attach('file', Buffer.from(content), { filename, contentType })
        .expect(202);
      return res.body as { taskId: string; document: { id: string } };
    };
    /** How many times parsing started: each attempt reports the `parsing` stage once. */
    const parseAttempts = (taskId: string) => h.events.filter((e) => e.type === 'task.status' && e.taskId === taskId && e.status === 'parsing').length;

    it.each([
      [
        'a text that would make more passages than MAX_CHUNKS_PER_DOCUMENT',
        'long.txt',
        Buffer.from(Array.from({ length: 40 }, (_, i) => `Paragraph ${i} says something worth reading twice.`).join('\n\n')),
        'text/plain',
        /"long\.txt" would be cut into more than 5 passages.*MAX_CHUNKS_PER_DOCUMENT/,
        { code: 'document.too_many_chunks', params: { max: 5 } },
      ],
      [
        'a DOCX that unpacks past MAX_DECOMPRESSED_BYTES',
        'bomb.docx',
        docxBomb(3 * MB),
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        /"bomb\.docx" unpacks to more than 1 MB/,
        { code: 'document.unpacked_too_large', params: { megabytes: 1 } },
      ],
      [
        'a DOCX whose headers hide how far it unpacks',
        'liar.docx',
        docxBomb(3 * MB, { lying: true }),
        'application/octet-stream',
        /"liar\.docx" unpacks to more than 1 MB/,
        { code: 'document.unpacked_too_large', params: { megabytes: 1 } },
      ],
    ])('fails %s with the reason, after one attempt, before anything is embedded', async (_label, filename, content, contentType, reason, coded) => {
      const { taskId, document } = await upload(filename, content, contentType);
      const task = await waitForTask(h, s, taskId, undefined, 60_000);
      expect(task).toMatchObject({
        status: 'failed',
        error: expect.stringMatching(reason),
        document: { status: 'failed', error: expect.stringMatching(reason), errorCode: coded.code, errorParams: coded.params },
      });
      expect(parseAttempts(taskId)).toBe(1);
      expect(await h.t.prisma.chunk.count({ where: { documentId: document.id } })).toBe(0);
      if (runner === 'temporal') {
        const history = await h.t.app.get<TemporalWorkflowRunner>(WORKFLOW_RUNNER).client.workflow.getHandle(taskId).fetchHistory();
        const failures = (history.events ?? []).map((e) => e.activityTaskFailedEventAttributes?.failure).filter((f) => f != null);
        expect(failures.map((f) => f!.applicationFailureInfo?.type)).toEqual(['DocumentLimitError']);
      }
    });

    it('fails an unreadable file after one attempt too (a parse error keeps its class across the thread)', async () => {
      const { taskId } = await upload('corrupt.docx', readFileSync(join(__dirname, '../fixtures/documents/corrupt.docx')), 'application/octet-stream');
      expect(await waitForTask(h, s, taskId, undefined, 60_000)).toMatchObject({
        status: 'failed',
        error: expect.stringMatching(/corrupt\.docx.*damaged/),
        // The code crosses the thread, the activity and (on Temporal) the failure the workflow sees.
        document: { errorCode: 'document.docx_damaged' },
      });
      expect(parseAttempts(taskId)).toBe(1);
    });

    it('still ingests a document within the limits', async () => {
      const { taskId } = await upload('note.txt', Buffer.from('The boiler is serviced every October.'), 'text/plain');
      expect((await waitForTask(h, s, taskId, undefined, 60_000)).status).toBe('done');
    });
  });
}
