import { Piscina } from 'piscina';
import { resolve } from 'node:path';
import type * as ingestTasks from './cpu-tasks';
import type { Outcome } from './pool-thread';
import type * as promptTasks from './prompt-tasks';

type Tasks = Pick<typeof ingestTasks, 'parseAndChunk' | 'hashEmbed'> & Pick<typeof promptTasks, 'buildPrompt' | 'countUsage'>;
export type CpuTaskName = keyof Tasks;
type Input<K extends CpuTaskName> = Parameters<Tasks[K]>[0];
type Result<K extends CpuTaskName> = Awaited<ReturnType<Tasks[K]>> extends Outcome<infer T> ? T : never;
export interface CpuRunOptions {
  signal?: AbortSignal;
  /** Buffers handed to the thread instead of copied (the caller must not use them afterwards). */
  transfer?: ArrayBuffer[];
}

/** Where CPU work of ingest and chat runs: a pool of worker threads, or the calling thread (tests, tools). */
export interface CpuRunner {
  run<K extends CpuTaskName>(name: K, input: Input<K>, options?: CpuRunOptions): Promise<Result<K>>;
  close(): Promise<void>;
}

/** Rethrows a task's error under its own name, so retry policies (non-retryable types) still apply. */
function unwrap<T>(outcome: Outcome<T>): T {
  if ('value' in outcome) return outcome.value;
  throw Object.assign(new Error(outcome.error.message), { name: outcome.error.name });
}

/**
 * Two lanes, each with its own threads and queue: ingest's (parsing a large file can take minutes)
 * and chat's, so building a turn's prompt never waits behind a parse. Each loads only its tasks.
 */
type Lane = 'ingest' | 'chat';
const LANE_OF: Record<CpuTaskName, Lane> = { parseAndChunk: 'ingest', hashEmbed: 'ingest', buildPrompt: 'chat', countUsage: 'chat' };
const TASK_MODULES: Record<Lane, string> = { ingest: require.resolve('./cpu-tasks'), chat: require.resolve('./prompt-tasks') };
/** A prompt takes milliseconds: one thread serves many turns, and each thread holds its own tokenizer tables. */
const CHAT_THREADS = 1;

// Built code runs the compiled task module; from TypeScript sources a small bootstrap compiles it.
const workerEntry = (tasksModule: string) => (tasksModule.endsWith('.ts') ? resolve(__dirname, 'ts-worker.cjs') : tasksModule);

/**
 * Worker threads for parsing, chunking, token counting, offline embedding and prompt building, so
 * the thread that serves HTTP (and, in the Temporal worker, heartbeats and streams chat tokens)
 * never runs them. Threads start with the pool and load the tokenizer tables at once; idle threads
 * stay, since starting one costs the tables again. Tasks beyond a lane's threads wait in its queue.
 */
export class CpuPool implements CpuRunner {
  private readonly lanes: Record<Lane, Piscina>;
  private closed = false;

  /** `threads`: ingest's lane; chat's has one thread of its own. */
  constructor(readonly threads: number) {
    const lane = (name: Lane, count: number) =>
      new Piscina({
        filename: workerEntry(TASK_MODULES[name]),
        workerData: { tasksModule: TASK_MODULES[name] },
        minThreads: count,
        maxThreads: count,
        idleTimeout: Number.POSITIVE_INFINITY,
        // One task at a time per thread: a second would only wait inside the thread instead of the queue.
        concurrentTasksPerWorker: 1,
      });
    this.lanes = { ingest: lane('ingest', threads), chat: lane('chat', CHAT_THREADS) };
  }

  /** Resolves once every thread has loaded its tables (start-up waits for it, so no request does). */
  async warm(): Promise<{ niceness: number }[]> {
    const warmLane = (piscina: Piscina, count: number) => Array.from({ length: count }, () => piscina.run(undefined, { name: 'warm' }) as Promise<{ niceness: number }>);
    return Promise.all([...warmLane(this.lanes.ingest, this.threads), ...warmLane(this.lanes.chat, CHAT_THREADS)]);
  }

  async run<K extends CpuTaskName>(name: K, input: Input<K>, options: CpuRunOptions = {}): Promise<Result<K>> {
    if (this.closed) throw new Error('The CPU pool is closed.');
    return unwrap(await this.lanes[LANE_OF[name]].run(input, { name, signal: options.signal ?? null, transferList: options.transfer }));
  }

  /** Lets running tasks finish, then stops the threads. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([this.lanes.ingest.close(), this.lanes.chat.close()]);
  }
}

/** Runs the same tasks on the calling thread: for tests and for callers with nothing else to serve. */
export class InlineCpuRunner implements CpuRunner {
  async run<K extends CpuTaskName>(name: K, input: Input<K>, options: CpuRunOptions = {}): Promise<Result<K>> {
    options.signal?.throwIfAborted();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const module = require(TASK_MODULES[LANE_OF[name]]) as Tasks;
    return unwrap(await (module[name] as (arg: Input<K>) => Promise<Outcome<Result<K>>>)(input));
  }

  async close(): Promise<void> {}
}
