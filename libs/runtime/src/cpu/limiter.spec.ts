import { ConcurrencyLimiter } from './limiter';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('ConcurrencyLimiter', () => {
  it('runs at most `limit` at once, the rest in arrival order', async () => {
    const limiter = new ConcurrencyLimiter(2);
    const gates = [deferred(), deferred(), deferred(), deferred()];
    const started: number[] = [];
    let peak = 0;
    const runs = gates.map((gate, i) =>
      limiter.run(async () => {
        started.push(i);
        peak = Math.max(peak, limiter.running);
        await gate.promise;
        return i;
      }),
    );
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1]);
    expect(limiter.queued).toBe(2);
    gates[1].resolve();
    await runs[1];
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1, 2]);
    gates[0].resolve();
    gates[2].resolve();
    gates[3].resolve();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3]);
    expect(peak).toBe(2);
    expect(limiter.running).toBe(0);
  });

  it('frees the slot when the work fails', async () => {
    const limiter = new ConcurrencyLimiter(1);
    await expect(limiter.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limiter.run(async () => 'next')).resolves.toBe('next');
    expect(limiter.running).toBe(0);
  });

  it('lets a waiter whose signal aborts go at once, without a slot and without disturbing the queue', async () => {
    const limiter = new ConcurrencyLimiter(1);
    const hold = deferred();
    const first = limiter.run(() => hold.promise);
    const controller = new AbortController();
    const order: string[] = [];
    const cancelled = limiter.run(async () => order.push('cancelled'), controller.signal);
    const queued = limiter.run(async () => order.push('queued'));
    controller.abort();
    await cancelled;
    expect(order).toEqual(['cancelled']);
    expect(limiter.running).toBe(1);
    expect(limiter.queued).toBe(1);
    hold.resolve();
    await Promise.all([first, queued]);
    expect(order).toEqual(['cancelled', 'queued']);
    expect(limiter.running).toBe(0);
  });

  it("shares slots between owners: the next goes to whoever holds fewest, round-robin among equals, each owner's own in order", async () => {
    const limiter = new ConcurrencyLimiter(2);
    const gates = new Map<string, ReturnType<typeof deferred>>();
    const started: string[] = [];
    const queue = (owner: string, id: string) => {
      gates.set(id, deferred());
      return limiter.run(
        async () => {
          started.push(id);
          await gates.get(id)!.promise;
        },
        undefined,
        owner,
      );
    };
    const finish = async (id: string) => {
      gates.get(id)!.resolve();
      await new Promise((r) => setImmediate(r));
    };
    // A queues five, B two and C one, in that order.
    const runs = [...['a1', 'a2', 'a3', 'a4', 'a5'].map((id) => queue('A', id)), queue('B', 'b1'), queue('B', 'b2'), queue('C', 'c1')];
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual(['a1', 'a2']);
    await finish('a1'); // A still holds one, B and C none: B, the first of those waiting
    await finish('a2'); // A none, B one, C none: C (never served) before A
    expect(started).toEqual(['a1', 'a2', 'b1', 'c1']);
    await finish('b1'); // A none, C one, B none: A and B tie, A was served longer ago
    await finish('c1'); // A one, B none
    expect(started).toEqual(['a1', 'a2', 'b1', 'c1', 'a3', 'b2']);
    for (const id of ['a3', 'b2', 'a4', 'a5']) await finish(id);
    await Promise.all(runs);
    expect(started).toEqual(['a1', 'a2', 'b1', 'c1', 'a3', 'b2', 'a4', 'a5']);
    expect(limiter.running).toBe(0);
  });

  it('refuses a limit below one', () => {
    expect(() => new ConcurrencyLimiter(0)).toThrow(RangeError);
  });
});
