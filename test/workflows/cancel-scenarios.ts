import { HybridRetriever } from '@assistants/adapters';
import type { TemporalWorkflowRunner } from '@assistants/runtime';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WORKFLOW_RUNNER } from '../../apps/api/src/runtime/runtime.module';
import { type ChatHarness, createChatSetup, sendMessage, startChatHarness, waitForTask } from '../support/chat-harness';
import { HISTORIES_DIR } from '../support/workflow-histories';

/** A search that waits until the test lets it go (or its step is cancelled), so a cancel lands while the turn retrieves. */
function holdRetrieval() {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const original = HybridRetriever.prototype.retrieve;
  const spy = jest.spyOn(HybridRetriever.prototype, 'retrieve').mockImplementation(async function (this: HybridRetriever, ...args) {
    const signal = args[3];
    await new Promise<void>((resolve, reject) => {
      void released.then(resolve);
      signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
    return original.apply(this, args);
  });
  return { spy, release };
}

/**
 * Stopping a turn at any stage ends it cancelled, on the embedded runner and on Temporal with our
 * worker: a step still running when the cancel comes (Temporal does not wait for it) never brings
 * the task back to a stage, and no step runs twice.
 */
export function cancelScenarios(runner: 'embedded' | 'temporal'): void {
  describe(`cancelling a chat turn (${runner} runner)`, () => {
    let h: ChatHarness;
    beforeAll(async () => {
      h = await startChatHarness(runner);
    }, 120_000);
    afterAll(() => h?.close());
    beforeEach(() => h.llm.reset());
    afterEach(() => jest.restoreAllMocks());

    const chatRequests = () => h.llm.requests.filter((r) => r.path.endsWith('/chat/completions'));

    it('ends a turn cancelled while it retrieves, even when the search finishes afterwards', async () => {
      const s = await createChatSetup(h);
      const held = holdRetrieval();
      const turn = await sendMessage(h, s, { content: 'Cancel me while you search' });
      await waitForTask(h, s, turn.taskId, (task) => task.status === 'retrieving');
      await h.t.http().post(`/api/tasks/${turn.taskId}/cancel`).set(s.user.auth).expect(202);
      // The search finishes after the cancel, as a step Temporal did not wait for does.
      held.release();
      const cancelled = await waitForTask(h, s, turn.taskId, (task) => task.status !== 'retrieving', 45_000);
      // A cancel is not an error: no code for the web app to show as one.
      expect(cancelled).toMatchObject({ status: 'cancelled', message: { status: 'cancelled', errorCode: null } });
      // Nothing the late step does brings the task back, and the model is never asked.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect((await waitForTask(h, s, turn.taskId)).status).toBe('cancelled');
      expect(held.spy.mock.calls.length).toBeLessThanOrEqual(1);
      expect(chatRequests()).toHaveLength(0);
      await h.t.http().post(`/api/tasks/${turn.taskId}/cancel`).set(s.user.auth).expect(409);
      // The replay test keeps this path deterministic: `RECORD_HISTORIES=1 npm test -- test/workflows/cancel-temporal`.
      if (runner === 'temporal' && process.env.RECORD_HISTORIES) {
        const history = await h.t.app.get<TemporalWorkflowRunner>(WORKFLOW_RUNNER).client.workflow.getHandle(turn.taskId).fetchHistory();
        writeFileSync(join(HISTORIES_DIR, 'chat-cancelled-while-retrieving.json'), historyToJSON(history));
      }
    });

    it('ends a turn cancelled as soon as it is sent, whatever step it is in', async () => {
      const s = await createChatSetup(h);
      h.llm.script({ kind: 'hang' });
      const turn = await sendMessage(h, s, { content: 'Cancel me at once' });
      await h.t.http().post(`/api/tasks/${turn.taskId}/cancel`).set(s.user.auth).expect(202);
      const ended = await waitForTask(h, s, turn.taskId, undefined, 45_000);
      expect(ended).toMatchObject({ status: 'cancelled', message: { status: 'cancelled' } });
    });
  });
}
