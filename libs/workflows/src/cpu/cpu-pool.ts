import { DocumentLimitError, EmptyDocumentError, UnreadableDocumentError, UnsupportedDocumentError } from '@assistants/ingest';
import { Piscina } from 'piscina';
import { resolve } from 'node:path';
import type * as tasks from './cpu-tasks';
import { ConcurrencyLimiter } from './limiter';

type Tasks = Pick<typeof tasks, 'parseAndChunk' | 'hashEmbed'>;
export type CpuTaskName = keyof Tasks;
type Input<K extends CpuTaskName> = Parameters<Tasks[K]>[0];
type Result<K extends CpuTaskName> = Awaited<ReturnType<Tasks[K]>> extends tasks.Outcome<infer T> ? T : never;
export interface CpuRunOptions {
  signal?: AbortSignal;
  /** Buffers handed to the thread instead of copied (the caller must not use them afterwards). */
  transfer?: ArrayBuffer[];
  /**
   * Counted from when a thread takes the task (not while it waits for one): past it the thread is
   * terminated and the run fails with CpuTaskTimeoutError. Threads only; inline work cannot be cut short.
   */
  timeoutMs?: number;
}

/** Where CPU work of ingest runs: a pool of worker threads, or the calling thread (tests, tools). */
export interface CpuRunner {
  run<K extends CpuTaskName>(name: K, input: Input<K>, options?: CpuRunOptions): Promise<Result<K>>;
  close(): Promise<void>;
}

/** A task ran past its `timeoutMs`; its thread was terminated and replaced. */
export class CpuTaskTimeoutError extends Error {
  override name = 'CpuTaskTimeoutError';
}

/** A task ran its thread out of heap (INGEST_THREAD_MEMORY_MB); the thread is gone and replaced. */
export class ThreadOutOfMemoryError extends Error {
  override name = 'ThreadOutOfMemoryError';
}

// Temporal names an activity's failure by its error's class, not its `name`: the document errors come back as themselves.
const DOCUMENT_ERRORS: Record<string, new (message: string) => Error> = { UnsupportedDocumentError, EmptyDocumentError, UnreadableDocumentError, DocumentLimitError };

/** Rethrows a task's error under its own name (and class), so retry policies (non-retryable types) still apply. */
function unwrap<T>(outcome: tasks.Outcome<T>): T {
  if ('value' in outcome) return outcome.value;
  const { name, message } = outcome.error;
  const Known = DOCUMENT_ERRORS[name];
  throw Known ? new Known(message) : Object.assign(new Error(message), { name });
}

// Built code runs the compiled task module; from TypeScript sources a small bootstrap compiles it.
const TASKS_MODULE = require.resolve('./cpu-tasks');
const WORKER_ENTRY = TASKS_MODULE.endsWith('.ts') ? resolve(__dirname, 'ts-worker.cjs') : TASKS_MODULE;

/**
 * Worker threads for parsing, chunking, token counting and offline embedding, so the thread that
 * serves HTTP (and, in the Temporal worker, heartbeats and streams chat tokens) never runs them.
 * Threads start with the pool and load the tokenizer tables at once; idle threads stay, since
 * starting one costs the tables again. Tasks beyond the threads wait here, in order, so a task's
 * time limit starts only when a thread takes it. A task that is aborted, runs out of time or runs
 * its thread out of memory loses its thread; the pool starts a fresh one, and the task's slot is
 * given on only once that one is ready, so the next task's time is not spent loading tables.
 */
export class CpuPool implements CpuRunner {
  private readonly piscina: Piscina;
  private readonly slots: ConcurrencyLimiter;
  private closed = false;

  constructor(
    readonly threads: number,
    options: { memoryMb?: number; warn?: (message: string) => void } = {},
  ) {
    this.slots = new ConcurrencyLimiter(threads);
    this.piscina = new Piscina({
      filename: WORKER_ENTRY,
      workerData: { tasksModule: TASKS_MODULE },
      minThreads: threads,
      maxThreads: threads,
      idleTimeout: Number.POSITIVE_INFINITY,
      // One task at a time per thread: a second would only wait inside the thread instead of the queue.
      concurrentTasksPerWorker: 1,
      // A document that needs more heap kills only its own thread, never the process.
      ...(options.memoryMb && { resourceLimits: { maxOldGenerationSizeMb: options.memoryMb } }),
    });
    // A thread lost while it holds no task (out of memory while starting) is reported here; unheard, it would end the process.
    const warn = options.warn ?? ((message: string) => console.warn(message));
    this.piscina.on('error', (error: Error) => warn(`a CPU pool thread failed: ${error.message}`));
  }

  /** Resolves once the threads have loaded their tables (start-up waits for it, so no request does). */
  async warm(): Promise<{ niceness: number; threadId: number }[]> {
    return Promise.all(Array.from({ length: this.threads }, () => this.piscina.run(undefined, { name: 'warm' })));
  }

  async run<K extends CpuTaskName>(name: K, input: Input<K>, options: CpuRunOptions = {}): Promise<Result<K>> {
    if (this.closed) throw new Error('The CPU pool is closed.');
    // A task aborted while it waits for a slot is let through at once, and refused here.
    return this.slots.run(async () => {
      options.signal?.throwIfAborted();
      const deadline = options.timeoutMs ? AbortSignal.timeout(options.timeoutMs) : undefined;
      const signal = deadline && options.signal ? AbortSignal.any([options.signal, deadline]) : (deadline ?? options.signal);
      let outcome: tasks.Outcome<Result<K>>;
      try {
        outcome = await this.piscina.run(input, { name, signal: signal ?? null, transferList: options.transfer });
      } catch (error) {
        const outOfMemory = (error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
        if (outOfMemory || signal?.aborted) await this.replacement();
        if (outOfMemory) throw new ThreadOutOfMemoryError((error as Error).message);
        if (deadline?.aborted && !options.signal?.aborted) throw new CpuTaskTimeoutError(`${name} did not finish within ${options.timeoutMs} ms.`);
        throw error;
      }
      return unwrap(outcome);
    }, options.signal);
  }

  /** Lets running tasks finish, then stops the threads. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.piscina.close();
  }

  /** Waits (holding the caller's slot) until a thread can take work again, after one was terminated. */
  private async replacement(): Promise<void> {
    if (!this.closed) await this.piscina.run(undefined, { name: 'warm' }).catch(() => undefined);
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
