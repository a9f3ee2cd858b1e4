import { DatabaseLanes } from '@assistants/db';
import type { Activities } from '../activities';
import { WORKFLOW_TYPES } from '@assistants/workflows';
import { EmbeddedWorkflowRunner } from './embedded-runner';

const llm = { timeoutMs: 5000, heartbeatTimeoutMs: 5000, retry: { initialIntervalMs: 10, maximumAttempts: 1, backoffCoefficient: 2, maximumIntervalMs: 10 } };
const tick = () => new Promise((resolve) => setImmediate(resolve));

/** Activities that record their calls; parsing waits until the test releases that document. */
function fakeActivities() {
  const calls: string[] = [];
  const gates = new Map<string, () => void>();
  let parsing = 0;
  let mostParsing = 0;
  const acts = new Proxy({} as Activities, {
    get: (_, name: string) => async (arg: { documentId?: string; taskId?: string }) => {
      calls.push(`${name}:${arg.documentId ?? arg.taskId}`);
      if (name !== 'parseAndChunk') return { summaryDue: false, durationMs: 0, passages: [] };
      parsing++;
      mostParsing = Math.max(mostParsing, parsing);
      await new Promise<void>((resolve) => gates.set(arg.documentId!, resolve));
      parsing--;
      return { chunkCount: 0, tokenCount: 0 };
    },
  });
  return { acts, calls, release: (id: string) => gates.get(id)?.(), parsing: () => parsing, mostParsing: () => mostParsing };
}

describe('EmbeddedWorkflowRunner: ingest concurrency', () => {
  const ingest = (runner: EmbeddedWorkflowRunner, id: string) =>
    runner.start(WORKFLOW_TYPES.ingestDocument, `ingest-${id}`, { taskId: `ingest-${id}`, documentId: id, llm });

  it('runs at most ingestConcurrency ingests at once, in order, while chat turns start at once', async () => {
    const fake = fakeActivities();
    const runner = new EmbeddedWorkflowRunner(
      () => fake.acts,
      () => undefined,
      { ingestConcurrency: 1 },
    );
    for (const id of ['a', 'b', 'c']) await ingest(runner, id);
    await tick();
    expect(fake.calls).toEqual(['parseAndChunk:a']);

    // Ten uploads or three, a chat turn does not queue behind them.
    const turn = { taskId: 'chat-1', conversationId: 'c', assistantId: 'x', userMessageId: 'u', assistantMessageId: 'm', userMessageAt: 0, question: 'q', llm };
    await runner.start(WORKFLOW_TYPES.chatTurn, 'chat-1', turn);
    while (runner.isRunning('chat-1')) await tick();
    expect(fake.calls).toContain('updateStatistics:chat-1');
    expect(fake.parsing()).toBe(1);

    for (const id of ['a', 'b', 'c']) {
      while (!fake.calls.includes(`parseAndChunk:${id}`)) await tick();
      fake.release(id);
    }
    await runner.drain();
    expect(fake.calls.filter((c) => c.startsWith('parseAndChunk'))).toEqual(['parseAndChunk:a', 'parseAndChunk:b', 'parseAndChunk:c']);
    expect(fake.calls.filter((c) => c.startsWith('markReady'))).toHaveLength(3);
    expect(fake.mostParsing()).toBe(1);
  });

  it("starts another user's note before the rest of one user's queue of slow documents", async () => {
    const fake = fakeActivities();
    const runner = new EmbeddedWorkflowRunner(
      () => fake.acts,
      () => undefined,
      { ingestConcurrency: 2 },
    );
    const upload = (owner: string, id: string) =>
      runner.start(WORKFLOW_TYPES.ingestDocument, `ingest-${id}`, { taskId: `ingest-${id}`, documentId: id, llm }, { owner });
    for (const id of ['a1', 'a2', 'a3', 'a4', 'a5', 'a6']) await upload('user-a', id);
    await upload('user-b', 'note');
    await tick();
    const parsed = () => fake.calls.filter((c) => c.startsWith('parseAndChunk')).map((c) => c.split(':')[1]);
    expect(parsed()).toEqual(['a1', 'a2']);
    fake.release('a1');
    while (parsed().length < 3) await tick();
    // The first free slot goes to the user holding none, not to a3.
    expect(parsed()).toEqual(['a1', 'a2', 'note']);
    fake.release('note');
    for (const id of ['a2', 'a3', 'a4', 'a5', 'a6']) {
      while (!parsed().includes(id)) await tick();
      fake.release(id);
    }
    await runner.drain();
    expect(parsed()).toEqual(['a1', 'a2', 'note', 'a3', 'a4', 'a5', 'a6']);
    expect(fake.mostParsing()).toBe(2);
  });

  it('ends a cancelled queued ingest at once, without waiting for a slot', async () => {
    const fake = fakeActivities();
    const runner = new EmbeddedWorkflowRunner(
      () => fake.acts,
      () => undefined,
      { ingestConcurrency: 1 },
    );
    await ingest(runner, 'a');
    await ingest(runner, 'b');
    await tick();
    await runner.cancel('ingest-b');
    while (runner.isRunning('ingest-b')) await tick();
    expect(fake.calls).toContain('markFailed:b');
    expect(fake.calls).not.toContain('parseAndChunk:b');
    expect(fake.parsing()).toBe(1); // a still holds the only slot
    fake.release('a');
    await runner.drain();
    expect(fake.calls).toContain('markReady:a');
  });

  it("runs ingests and clean-ups in the database's background lane, chat turns in the foreground", async () => {
    const lanes = new DatabaseLanes();
    const seen: string[] = [];
    const acts = new Proxy({} as Activities, {
      get: (_, name: string) => async () => {
        await tick(); // the lane must survive awaits inside the run
        seen.push(`${name}:${lanes.isBackground ? 'background' : 'foreground'}`);
        return name === 'parseAndChunk' ? { chunkCount: 40, tokenCount: 0 } : { summaryDue: false, durationMs: 0, passages: [] };
      },
    });
    const runner = new EmbeddedWorkflowRunner(
      () => acts,
      () => undefined,
      { background: (fn) => lanes.inBackground(fn) },
    );
    await ingest(runner, 'a');
    await runner.start(WORKFLOW_TYPES.cleanupDocument, 'cleanup-a', { taskId: 'cleanup-a', documentId: 'a' });
    const turn = { taskId: 'chat-1', conversationId: 'c', assistantId: 'x', userMessageId: 'u', assistantMessageId: 'm', userMessageAt: 0, question: 'q', llm };
    await runner.start(WORKFLOW_TYPES.chatTurn, 'chat-1', turn);
    await runner.drain();
    const lane = (name: string) => [...new Set(seen.filter((s) => s.startsWith(`${name}:`)))];
    expect(lane('parseAndChunk')).toEqual(['parseAndChunk:background']);
    expect(lane('embedAndIndexBatch')).toEqual(['embedAndIndexBatch:background']);
    expect(seen.filter((s) => s.startsWith('embedAndIndexBatch'))).toHaveLength(2);
    expect(lane('removeFromIndexes')).toEqual(['removeFromIndexes:background']);
    expect(lane('updateStatistics')).toEqual(['updateStatistics:foreground']);
    expect(lanes.isBackground).toBe(false);
  });

  it("holds the database's foreground for a chat turn's steps, but not while the LLM answers", async () => {
    const holding: string[] = [];
    let held = 0;
    const acts = new Proxy({} as Activities, {
      get: (_, name: string) => async () => {
        await tick();
        holding.push(`${name}:${held > 0 ? 'held' : 'free'}`);
        return name === 'generateAnswer' ? { content: 'a', usage: {} } : { summaryDue: false, durationMs: 0, passages: [] };
      },
    });
    const foreground = async <T>(fn: () => Promise<T>): Promise<T> => {
      held++;
      try {
        return await fn();
      } finally {
        held--;
      }
    };
    const runner = new EmbeddedWorkflowRunner(
      () => acts,
      () => undefined,
      { foreground },
    );
    const turn = { taskId: 'chat-2', conversationId: 'c', assistantId: 'x', userMessageId: 'u', assistantMessageId: 'm', userMessageAt: 0, question: 'q', llm };
    await runner.start(WORKFLOW_TYPES.chatTurn, 'chat-2', turn);
    await runner.drain();
    expect(holding).toEqual(expect.arrayContaining(['retrieveContext:held', 'buildPrompt:held', 'generateAnswer:free', 'storeAnswer:held']));
    expect(holding.filter((step) => step.endsWith(':free'))).toEqual(['generateAnswer:free']);
  });
});
