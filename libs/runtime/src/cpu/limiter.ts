interface Waiter {
  owner: string;
  grant: () => void;
}

/**
 * At most `limit` holders at once; the others wait. Ingests take a slot in the embedded runner,
 * chat turns never do, so any number of uploads leaves chat turns to run at once. Slots are shared
 * fairly between owners (the people whose work it is): a freed slot goes to the waiting owner who
 * holds fewest, among equals to the one served longest ago, and each owner's own work runs in the
 * order it came. So one person's queue of files never keeps another's note waiting behind all of
 * it, while an owner alone may use every slot. Without owners it is a plain first-come queue.
 */
export class ConcurrencyLimiter {
  private active = 0;
  private readonly waiting: Waiter[] = [];
  private readonly held = new Map<string, number>();
  /** When each owner was last given a slot (a running count), for round-robin among equals. */
  private readonly servedAt = new Map<string, number>();
  private grants = 0;

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
  }

  get running(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /**
   * Runs `fn` when a slot is free. A waiter whose signal aborts leaves the queue and runs at once
   * without a slot: cancelling must not wait for other ingests, and what it then runs is only
   * the quick "mark cancelled" path.
   */
  async run<T>(fn: () => Promise<T>, signal?: AbortSignal, owner = ''): Promise<T> {
    const slot = await this.acquire(owner, signal);
    try {
      return await fn();
    } finally {
      if (slot) this.release(owner);
    }
  }

  private acquire(owner: string, signal?: AbortSignal): Promise<boolean> {
    if (this.active < this.limit) {
      this.take(owner);
      return Promise.resolve(true);
    }
    if (signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        owner,
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          this.take(owner);
          resolve(true);
        },
      };
      const onAbort = () => {
        const index = this.waiting.indexOf(waiter);
        if (index !== -1) this.waiting.splice(index, 1);
        this.forgetIfIdle(owner);
        resolve(false);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
    });
  }

  private take(owner: string): void {
    this.active++;
    this.held.set(owner, (this.held.get(owner) ?? 0) + 1);
    this.servedAt.set(owner, ++this.grants);
  }

  private release(owner: string): void {
    this.active--;
    const left = (this.held.get(owner) ?? 1) - 1;
    if (left) this.held.set(owner, left);
    else this.held.delete(owner);
    const next = this.next();
    if (next !== -1) this.waiting.splice(next, 1)[0].grant();
    this.forgetIfIdle(owner);
  }

  /** An owner with nothing running or waiting starts afresh: the maps hold only owners about. */
  private forgetIfIdle(owner: string): void {
    if (!this.held.has(owner) && !this.waiting.some((w) => w.owner === owner)) this.servedAt.delete(owner);
  }

  /** The first waiter of the owner who holds fewest slots, among equals the one served longest ago (or never). */
  private next(): number {
    let best = -1;
    let bestHeld = Infinity;
    let bestServed = Infinity;
    const seen = new Set<string>();
    for (let i = 0; i < this.waiting.length; i++) {
      const { owner } = this.waiting[i];
      if (seen.has(owner)) continue;
      seen.add(owner);
      const held = this.held.get(owner) ?? 0;
      const served = this.servedAt.get(owner) ?? 0;
      if (held < bestHeld || (held === bestHeld && served < bestServed)) [best, bestHeld, bestServed] = [i, held, served];
    }
    return best;
  }
}
