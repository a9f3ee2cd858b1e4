import { Piscina } from 'piscina';
import { resolve } from 'node:path';
import type * as tasks from './cpu-tasks';

type Tasks = Pick<typeof tasks, 'parseAndChunk' | 'hashEmbed'>;
export type CpuTaskName = keyof Tasks;
type Input<K extends CpuTaskName> = Parameters<Tasks[K]>[0];
type Result<K extends CpuTaskName> = Awaited<ReturnType<Tasks[K]>> extends tasks.Outcome<infer T> ? T : never;
export interface CpuRunOptions {
  signal?: AbortSignal;
  /** Buffers handed to the thread instead of copied (the caller must not use them afterwards). */
  transfer?: ArrayBuffer[];
}

/** Where CPU work of ingest runs: a pool of worker threads, or the calling thread (tests, tools). */
export interface CpuRunner {
  run<K extends CpuTaskName>(name: K, input: Input<K>, options?: CpuRunOptions): Promise<Result<K>>;
  close(): Promise<void>;
}

/** Rethrows a task's error under its own name, so retry policies (non-retryable types) still apply. */
function unwrap<T>(outcome: tasks.Outcome<T>): T {
  if ('value' in outcome) return outcome.value;
  throw Object.assign(new Error(outcome.error.message), { name: outcome.error.name });
}

// Built code runs the compiled task module; from TypeScript sources a small bootstrap compiles it.
const TASKS_MODULE = require.resolve('./cpu-tasks');
const WORKER_ENTRY = TASKS_MODULE.endsWith('.ts') ? resolve(__dirname, 'ts-worker.cjs') : TASKS_MODULE;

/**
 * Worker threads for parsing, chunking, token counting and offline embedding, so the thread that
 * serves HTTP (and, in the Temporal worker, heartbeats and streams chat tokens) never runs them.
 * Threads start with the pool and load the tokenizer tables at once; idle threads stay, since
 * starting one costs the tables again. Tasks beyond the threads wait in the pool's queue.
 */
export class CpuPool implements CpuRunner {
  private readonly piscina: Piscina;
  private closed = false;

  constructor(readonly threads: number) {
    this.piscina = new Piscina({
      filename: WORKER_ENTRY,
      workerData: { tasksModule: TASKS_MODULE },
      minThreads: threads,
      maxThreads: threads,
      idleTimeout: Number.POSITIVE_INFINITY,
      // One task at a time per thread: a second would only wait inside the thread instead of the queue.
      concurrentTasksPerWorker: 1,
    });
  }

  /** Resolves once the threads have loaded their tables (start-up waits for it, so no request does). */
  async warm(): Promise<{ niceness: number }[]> {
    return Promise.all(Array.from({ length: this.threads }, () => this.piscina.run(undefined, { name: 'warm' })));
  }

  async run<K extends CpuTaskName>(name: K, input: Input<K>, options: CpuRunOptions = {}): Promise<Result<K>> {
    if (this.closed) throw new Error('The CPU pool is closed.');
    return unwrap(await this.piscina.run(input, { name, signal: options.signal ?? null, transferList: options.transfer }));
  }

  /** Lets running tasks finish, then stops the threads. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.piscina.close();
  }
}

/** Runs the same tasks on the calling thread: for tests and for callers with nothing else to serve. */
export class InlineCpuRunner implements CpuRunner {
  async run<K extends CpuTaskName>(name: K, input: Input<K>, options: CpuRunOptions = {}): Promise<Result<K>> {
    options.signal?.throwIfAborted();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const module = require('./cpu-tasks') as Tasks;
    return unwrap(await (module[name] as (arg: Input<K>) => Promise<tasks.Outcome<Result<K>>>)(input));
  }

  async close(): Promise<void> {}
}
