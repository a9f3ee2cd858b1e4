import { type TemporalWorkflowRunner } from '@assistants/runtime';
import { WORKFLOW_RUNNER } from '../../apps/api/src/runtime/runtime.module';
import { type ChatHarness, createChatSetup, sendMessage, startChatHarness, uploadDocument, waitForTask } from '../support/chat-harness';

/**
 * Ingest never slows chat on Temporal: ingest activities run on their own task queue, served by
 * a worker with INGEST_CONCURRENCY slots of its own. Here one slot, held by an ingest that waits
 * (the real activity, held back until the test lets it go), while a chat turn runs to the end.
 */
describe('ingest on its own task queue (temporal runner)', () => {
  let h: ChatHarness;
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  const entered: string[] = [];

  beforeAll(async () => {
    h = await startChatHarness('temporal', { INGEST_CONCURRENCY: '1' }, (activities) => ({
      ...activities,
      async embedAndIndexBatch(input) {
        entered.push(input.documentId);
        await held;
        return activities.embedAndIndexBatch(input);
      },
    }));
  }, 120_000);
  afterAll(async () => {
    release();
    await h?.close();
  });

  const runner = () => h.t.app.get<TemporalWorkflowRunner>(WORKFLOW_RUNNER);
  const scheduled = async (workflowId: string) => {
    const history = await runner().client.workflow.getHandle(workflowId).fetchHistory();
    return (history.events ?? [])
      .map((e) => e.activityTaskScheduledEventAttributes)
      .filter((a) => a != null)
      .map((a) => ({ activity: a!.activityType!.name!, queue: a!.taskQueue!.name! }));
  };

  it('answers a chat turn while the only ingest slot is busy, and takes ingest activities from the ingest queue', async () => {
    const { taskQueue, ingestTaskQueue } = h.t.config.temporal;
    expect(ingestTaskQueue).toBe(`${taskQueue}-ingest`);
    const s = await createChatSetup(h);
    const first = await uploadDocument(h, s, 'first.md', '# First\n\nPumps need a filter change every six months.', 'text/markdown');
    const second = await uploadDocument(h, s, 'second.md', '# Second\n\nValves need a new seal every winter.', 'text/markdown');
    for (let i = 0; entered.length === 0; i++) {
      if (i > 600) throw new Error('no ingest reached embedding');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    const turn = await sendMessage(h, s, { content: 'How often do pumps need a filter change?' });
    expect(await waitForTask(h, s, turn.taskId)).toMatchObject({ status: 'done', message: { status: 'done' } });
    // Meanwhile the ingest queue had one slot, still held: the other document's embedding has not started.
    expect(entered).toHaveLength(1);
    const waiting = entered[0] === first.document.id ? second : first;
    expect(['queued', 'parsing', 'chunking', 'embedding']).toContain((await waitForTask(h, s, waiting.taskId, () => true)).status);

    release();
    for (const upload of [first, second]) expect((await waitForTask(h, s, upload.taskId)).status).toBe('done');

    const ingest = await scheduled(first.taskId);
    expect(ingest.map((a) => a.activity)).toEqual(expect.arrayContaining(['parseAndChunk', 'embedAndIndexBatch', 'markReady']));
    expect(new Set(ingest.map((a) => a.queue))).toEqual(new Set([ingestTaskQueue]));
    // The uploader is the run's fairness key, for services that balance task queues by it.
    const started = (await runner().client.workflow.getHandle(first.taskId).fetchHistory()).events?.[0].workflowExecutionStartedEventAttributes;
    expect(started?.priority?.fairnessKey).toBe(s.user.id);
    const chat = await scheduled(turn.taskId);
    expect(chat.map((a) => a.activity)).toEqual(expect.arrayContaining(['retrieveContext', 'generateAnswer', 'storeAnswer']));
    expect(new Set(chat.map((a) => a.queue))).toEqual(new Set([taskQueue]));
  }, 120_000);
});
