import { BATCHES_IN_FLIGHT, EMBED_BATCH_SIZE, inWindow, runIngest, TWO_BATCHES_IN_FLIGHT, type IngestActivities } from './ingest';
import type { OrchestrationRuntime } from './runtime';

/** A step that ends when the test says so; records when it started. */
function gate(log: string[], name: string) {
  let end!: (error?: Error) => void;
  const done = new Promise<void>((resolve, reject) => (end = (error) => (error ? reject(error) : resolve())));
  return {
    step: () => {
      log.push(`start ${name}`);
      return done.then(() => void log.push(`end ${name}`));
    },
    end,
  };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('inWindow', () => {
  it('keeps at most `width` steps in flight and starts the next when the oldest ends', async () => {
    const log: string[] = [];
    const gates = ['a', 'b', 'c', 'd'].map((name) => gate(log, name));
    const all = inWindow(
      gates.map((g) => g.step),
      2,
    );
    await turn();
    expect(log).toEqual(['start a', 'start b']);
    // The second ending first does not start a third: the window moves with the oldest.
    gates[1].end();
    await turn();
    expect(log).toEqual(['start a', 'start b', 'end b']);
    // a ends: c starts, and b (ended already) is the oldest then, so d starts too.
    gates[0].end();
    await turn();
    expect(log).toEqual(['start a', 'start b', 'end b', 'end a', 'start c', 'start d']);
    gates[2].end();
    gates[3].end();
    await all;
    expect(log.slice(-2).sort()).toEqual(['end c', 'end d']);
  });

  it('on a failure lets the steps in flight settle, starts no more, then throws the failure', async () => {
    const log: string[] = [];
    const gates = ['a', 'b', 'c'].map((name) => gate(log, name));
    let settled = false;
    const all = inWindow(
      gates.map((g) => g.step),
      2,
    ).catch((error: Error) => {
      settled = true;
      return error;
    });
    await turn();
    gates[0].end(new Error('embedder down'));
    await turn();
    expect(settled).toBe(false); // b is still in flight
    gates[1].end();
    expect(((await all) as Error).message).toBe('embedder down');
    expect(log).toEqual(['start a', 'start b', 'end b']);
  });

  it('with width 1 runs one step after another', async () => {
    const log: string[] = [];
    const gates = ['a', 'b'].map((name) => gate(log, name));
    const all = inWindow(
      gates.map((g) => g.step),
      1,
    );
    await turn();
    expect(log).toEqual(['start a']);
    gates[0].end();
    gates[1].end();
    await all;
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b']);
  });
});

describe('runIngest', () => {
  const runtime = (patched: boolean): OrchestrationRuntime & { asked: string[] } => {
    const asked: string[] = [];
    return {
      asked,
      isCancellation: () => false,
      nonCancellable: (fn) => fn(),
      now: () => 0,
      patched: (id) => (asked.push(id), patched),
      waitForDecision: () => Promise.resolve(false),
    };
  };

  /** Activities that record calls; a batch's end waits for the test when `hold` is set. */
  function activities(chunkCount: number) {
    const calls: string[] = [];
    let inFlight = 0;
    let mostInFlight = 0;
    const acts = {
      parseAndChunk: async () => ({ chunkCount, tokenCount: chunkCount * 10 }),
      embedAndIndexBatch: async ({ from, to }: { from: number; to: number }) => {
        inFlight++;
        mostInFlight = Math.max(mostInFlight, inFlight);
        calls.push(`batch ${from}-${to}`);
        await turn();
        inFlight--;
      },
      markReady: async () => void calls.push('ready'),
      markFailed: async ({ error }: { error: string }) => void calls.push(`failed: ${error}`),
    } as unknown as IngestActivities;
    return { acts, calls, mostInFlight: () => mostInFlight };
  }

  it(`embeds ${BATCHES_IN_FLIGHT} batches at once in a new run, every batch once, then marks the document ready`, async () => {
    const { acts, calls, mostInFlight } = activities(EMBED_BATCH_SIZE * 3 + 5);
    const rt = runtime(true);
    await runIngest({ taskId: 't', documentId: 'd' } as never, acts, rt);
    expect(rt.asked).toEqual([TWO_BATCHES_IN_FLIGHT]);
    expect(mostInFlight()).toBe(BATCHES_IN_FLIGHT);
    expect(calls).toEqual(['batch 0-32', 'batch 32-64', 'batch 64-96', 'batch 96-101', 'ready']);
  });

  it('replays a run recorded before the change one batch at a time', async () => {
    const { acts, calls, mostInFlight } = activities(EMBED_BATCH_SIZE * 2 + 1);
    await runIngest({ taskId: 't', documentId: 'd' } as never, acts, runtime(false));
    expect(mostInFlight()).toBe(1);
    expect(calls).toEqual(['batch 0-32', 'batch 32-64', 'batch 64-65', 'ready']);
  });

  it('marks the document failed with the reason once the batches in flight have settled', async () => {
    const calls: string[] = [];
    const acts = {
      parseAndChunk: async () => ({ chunkCount: EMBED_BATCH_SIZE * 4, tokenCount: 0 }),
      embedAndIndexBatch: async ({ from }: { from: number }) => {
        calls.push(`start ${from}`);
        await turn();
        if (from === 0) throw new Error('vector index unreachable');
        await turn();
        calls.push(`end ${from}`);
      },
      markFailed: async ({ error, problem }: { error: string; problem?: { code: string } }) => void calls.push(`failed: ${error} (${problem?.code})`),
    } as unknown as IngestActivities;
    await expect(runIngest({ taskId: 't', documentId: 'd' } as never, acts, runtime(true))).rejects.toThrow('vector index unreachable');
    // An error without a code of its own is recorded under the general one (its English text beside it).
    expect(calls).toEqual(['start 0', 'start 32', 'end 32', 'failed: vector index unreachable (document.ingest_failed)']);
  });

  it("records a document error's code and params with the reason, as the embedded runner and Temporal hand it over", async () => {
    const problem = { code: 'document.too_many_chunks', params: { max: 5000 } };
    const asThrown = Object.assign(new Error('"big.csv" would be cut into more than 5,000 passages'), { problem });
    // Temporal: ActivityFailure → ApplicationFailure, whose first detail is the code (see the worker's coded failures).
    const fromTemporal = Object.assign(new Error('activity failed'), {
      cause: Object.assign(new Error('"big.csv" would be cut into more than 5,000 passages'), { details: [problem] }),
    });
    for (const failure of [asThrown, fromTemporal]) {
      const recorded: unknown[] = [];
      const acts = {
        parseAndChunk: async () => {
          throw failure;
        },
        markFailed: async (input: unknown) => void recorded.push(input),
      } as unknown as IngestActivities;
      await expect(runIngest({ taskId: 't', documentId: 'd' } as never, acts, runtime(true))).rejects.toBe(failure);
      expect(recorded).toEqual([{ taskId: 't', documentId: 'd', error: '"big.csv" would be cut into more than 5,000 passages', cancelled: false, problem }]);
    }
  });
});
