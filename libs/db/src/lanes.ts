import { AsyncLocalStorage } from 'node:async_hooks';
import type { Pool, PoolClient } from 'pg';

/**
 * Two lanes into one database: foreground (requests, chat turns: everything by default) and
 * background (document ingest, marked with `inBackground`). Background statements run one at a
 * time, and only when no foreground statement is running and none ended in the last `graceMs` (a
 * chat turn's queries come in quick runs; a bulk write started between two of them would hold the
 * next one). While the foreground has been busy within the last `activeWindowMs`, the background
 * lane also rests after each statement so that it takes at most `share` of the database's time (a
 * statement that held the database for d ms is followed by d·(1−share)/share of rest); with nobody
 * else about, it runs at full speed. So a chat query waits for at most one bulk statement, and
 * steady chat still leaves ingest its share: after `maxWaitMs` of waiting a statement runs anyway.
 * On one machine the server's cores are the product's: a bulk write running beside a chat query
 * slows it, which the lanes keep to at most one statement.
 */
export interface LaneOptions {
  /** Largest share of the database's time the background lane takes while it has work (0 < share ≤ 1). */
  share: number;
  /** Quiet time after the last foreground statement before a background one starts. */
  graceMs: number;
  /** Longest a background statement waits for the foreground to go quiet. */
  maxWaitMs: number;
  /** The foreground counts as busy (and the background lane paces itself) this long after its last statement. */
  activeWindowMs: number;
}

/**
 * A 5 ms grace bridges the short gaps inside a chat turn's run of queries; 50 ms of waiting at
 * most keeps ingest going under steady traffic (a client polling every 50 ms never leaves a quiet
 * moment; with 1 s, then 100 ms, a 4 MB ingest beside such a client took minutes on a loaded machine).
 */
export const DEFAULT_LANE_OPTIONS: LaneOptions = { share: 0.5, graceMs: 5, maxWaitMs: 50, activeWindowMs: 2000 };

export interface LaneClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** `sleep(0)` still yields to the event loop (pending I/O first), so back-to-back background statements never starve requests. */
const realClock: LaneClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => (ms > 0 ? setTimeout(resolve, ms) : setImmediate(resolve))),
};

export class DatabaseLanes {
  private readonly options: LaneOptions;
  private readonly context = new AsyncLocalStorage<'background'>();
  private foregroundActive = 0;
  private lastForegroundEnd = Number.NEGATIVE_INFINITY;
  private backgroundNotBefore = Number.NEGATIVE_INFINITY;
  /** Background statements run one at a time, in order of arrival. */
  private backgroundTail: Promise<void> = Promise.resolve();
  private readonly counters = { foreground: 0, background: 0, backgroundWaits: 0, backgroundForced: 0 };

  constructor(
    options: Partial<LaneOptions> = {},
    private readonly clock: LaneClock = realClock,
  ) {
    this.options = { ...DEFAULT_LANE_OPTIONS, ...options };
    const { share, graceMs, maxWaitMs, activeWindowMs } = this.options;
    if (!(share > 0 && share <= 1)) throw new RangeError(`share must be in (0, 1], got ${share}`);
    if (!(graceMs >= 0) || !(maxWaitMs >= 0) || !(activeWindowMs >= 0)) throw new RangeError('graceMs, maxWaitMs and activeWindowMs must be non-negative');
  }

  /** Runs `fn` with every database statement it issues (directly or through Prisma) in the background lane. */
  inBackground<T>(fn: () => T): T {
    return this.context.run('background', fn);
  }

  /** Whether the caller runs in the background lane. */
  get isBackground(): boolean {
    return this.context.getStore() === 'background';
  }

  /** Statements run so far per lane; how often the background lane waited, and how often it stopped waiting at `maxWaitMs`. */
  get stats(): Readonly<typeof this.counters> {
    return { ...this.counters };
  }

  /** Runs one database operation in the caller's lane. */
  run<T>(operation: () => Promise<T>): Promise<T> {
    return this.isBackground ? this.background(operation) : this.foreground(operation);
  }

  /** Holds the foreground for the operation (the background lane stays out until it ends). */
  async foreground<T>(operation: () => Promise<T>): Promise<T> {
    const release = this.holdForeground();
    try {
      return await operation();
    } finally {
      release();
    }
  }

  /**
   * Marks the foreground busy while a request is served, for at most `maxMs`: a request runs its
   * queries with gaps of its own work between them, where a bulk write would otherwise slip in;
   * a long one (a stream, a download) stops counting after `maxMs`.
   */
  holdForRequest(maxMs = 2000): () => void {
    const release = this.holdForeground();
    const timer = setTimeout(release, maxMs);
    timer.unref?.();
    return () => {
      clearTimeout(timer);
      release();
    };
  }

  /** Marks the foreground busy until the returned function is called (a checked-out connection). */
  holdForeground(): () => void {
    this.foregroundActive++;
    this.counters.foreground++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.foregroundActive--;
      this.lastForegroundEnd = this.clock.now();
    };
  }

  async background<T>(operation: () => Promise<T>): Promise<T> {
    const previous = this.backgroundTail;
    let done!: () => void;
    this.backgroundTail = new Promise((resolve) => (done = resolve));
    try {
      await previous;
      await this.awaitTurn();
      this.counters.background++;
      const started = this.clock.now();
      try {
        return await operation();
      } finally {
        const ended = this.clock.now();
        const { share } = this.options;
        this.backgroundNotBefore = ended + ((ended - started) * (1 - share)) / share;
      }
    } finally {
      done();
    }
  }

  /** Waits until the foreground is quiet and, while it is active, the background lane's rest is over (or `maxWaitMs` passed). */
  private async awaitTurn(): Promise<void> {
    const { graceMs, maxWaitMs, activeWindowMs } = this.options;
    const since = this.clock.now();
    let waited = false;
    for (;;) {
      const now = this.clock.now();
      const active = this.foregroundActive > 0 || now - this.lastForegroundEnd < activeWindowMs;
      const rest = active ? this.backgroundNotBefore - now : 0;
      // A running foreground statement always means waiting, even with no grace time configured.
      const quiet = this.foregroundActive > 0 ? Math.max(graceMs, 1) : this.lastForegroundEnd + graceMs - now;
      const wait = Math.max(rest, quiet);
      if (wait <= 0) break;
      const left = since + maxWaitMs - now;
      if (left <= 0 && rest <= 0) {
        // The foreground never went quiet: take a turn anyway (the rest was still kept).
        this.counters.backgroundForced++;
        break;
      }
      waited = true;
      await this.clock.sleep(Math.max(1, left > 0 ? Math.min(wait, left) : rest));
    }
    if (waited) this.counters.backgroundWaits++;
    // A turn of the event loop before every background statement: requests that arrived meanwhile go first.
    else await this.clock.sleep(0);
  }
}

type Bound<T> = { [K in keyof T]: T[K] };

/** A view of `target` whose listed methods are replaced; every other method stays bound to the target (private fields). */
function override<T extends object>(target: T, methods: Partial<Bound<T>>): T {
  return new Proxy(target, {
    get(object, property) {
      if (Object.prototype.hasOwnProperty.call(methods, property)) return methods[property as keyof T];
      const value = Reflect.get(object, property, object);
      return typeof value === 'function' ? value.bind(object) : value;
    },
  });
}

/**
 * A PostgreSQL pool whose queries go through the lanes; a connection checked out in the
 * foreground (a transaction) holds the foreground until it is released.
 */
export function lanedPool(pool: Pool, lanes: DatabaseLanes): Pool {
  const query = ((...args: unknown[]) => lanes.run(() => (pool.query as (...a: unknown[]) => Promise<unknown>)(...args))) as Pool['query'];
  const connect = (async () => {
    if (lanes.isBackground) return pool.connect();
    const release = lanes.holdForeground();
    let client: PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      release();
      throw error;
    }
    const original = client.release.bind(client);
    client.release = ((...args: Parameters<PoolClient['release']>) => {
      client.release = original;
      release();
      return original(...args);
    }) as PoolClient['release'];
    return client;
  }) as Pool['connect'];
  return override(pool, { query, connect });
}
