import { DocumentLimitError, type DocumentProblem, EmptyDocumentError, UnreadableDocumentError, UnsupportedDocumentError } from '@assistants/ingest';
import { PromptTooLongError } from '@assistants/domain';
import { Piscina } from 'piscina';
import type * as ingestTasks from './cpu-tasks';
import { ConcurrencyLimiter } from './limiter';
import type { Outcome, warm } from './pool-thread';
import type * as promptTasks from './prompt-tasks';
import { threadEntry } from './thread-entry';

type Tasks = Pick<typeof ingestTasks, 'parseAndChunk' | 'hashEmbed'> & Pick<typeof promptTasks, 'buildPrompt' | 'countUsage' | 'cutToTokens'>;
export type CpuTaskName = keyof Tasks;
type Input<K extends CpuTaskName> = Parameters<Tasks[K]>[0];
type Result<K extends CpuTaskName> = Awaited<ReturnType<Tasks[K]>> extends Outcome<infer T> ? T : never;
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

/** Where CPU work of ingest and chat runs: a pool of worker threads, or the calling thread (tests, tools). */
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

// Temporal names an activity's failure by its error's class, not its `name`: the document errors
// and a prompt too long for its model come back as themselves (all of them non-retryable).
const KNOWN_ERRORS: Record<string, new (message: string, problem?: DocumentProblem) => Error> = {
  UnsupportedDocumentError,
  EmptyDocumentError,
  UnreadableDocumentError,
  DocumentLimitError,
  PromptTooLongError,
};

/** Rethrows a task's error under its own name (and class), so retry policies (non-retryable types) still apply. */
function unwrap<T>(outcome: Outcome<T>): T {
  if ('value' in outcome) return outcome.value;
  const { name, message, problem } = outcome.error;
  const Known = KNOWN_ERRORS[name];
  throw Known ? new Known(message, problem) : Object.assign(new Error(message), { name }, problem && { problem });
}

/**
 * Two lanes, each with its own threads and queue: ingest's (a parse may take up to its time limit)
 * and chat's, so building a turn's prompt never waits behind a parse. Each loads only its tasks.
 */
type LaneName = 'ingest' | 'chat';
/** What `warm` tells of a thread: which it is, its niceness, its heap in use (bytes). */
export type ThreadState = ReturnType<typeof warm>;
const LANE_OF: Record<CpuTaskName, LaneName> = { parseAndChunk: 'ingest', hashEmbed: 'ingest', buildPrompt: 'chat', countUsage: 'chat', cutToTokens: 'chat' };
const TASK_MODULES: Record<LaneName, string> = { ingest: require.resolve('./cpu-tasks'), chat: require.resolve('./prompt-tasks') };
/** A prompt takes milliseconds: one thread serves many turns, and each thread holds its own tokenizer tables. */
const CHAT_THREADS = 1;

interface PoolOptions {
  memoryMb?: number;
  warn?: (message: string) => void;
}

/**
 * Worker threads for parsing, chunking, token counting, offline embedding and prompt building, so
 * the thread that serves HTTP (and, in the Temporal worker, heartbeats and streams chat tokens)
 * never runs them. Threads start with the pool and load the tokenizer tables at once; idle threads
 * stay, since starting one costs the tables again. Tasks beyond a lane's threads wait in its queue.
 */
export class CpuPool implements CpuRunner {
  private readonly lanes: Record<LaneName, Lane>;
  private closed = false;

  /** `threads`: ingest's lane; chat's has one thread of its own. `memoryMb`: each thread's heap (INGEST_THREAD_MEMORY_MB). */
  constructor(
    readonly threads: number,
    options: PoolOptions = {},
  ) {
    this.lanes = { ingest: new Lane(TASK_MODULES.ingest, threads, options), chat: new Lane(TASK_MODULES.chat, CHAT_THREADS, options) };
  }

  /** Resolves once every thread has loaded its tables (start-up waits for it, so no request does); ingest's threads first. */
  async warm(): Promise<ThreadState[]> {
    return (await Promise.all([this.lanes.ingest.warm(), this.lanes.chat.warm()])).flat();
  }

  async run<K extends CpuTaskName>(name: K, input: Input<K>, options: CpuRunOptions = {}): Promise<Result<K>> {
    if (this.closed) throw new Error('The CPU pool is closed.');
    return this.lanes[LANE_OF[name]].run(name, input, options);
  }

  /** Lets running tasks finish, then stops the threads. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([this.lanes.ingest.close(), this.lanes.chat.close()]);
  }
}

/**
 * One lane's threads. Tasks beyond them wait here, in order, so a task's time limit starts only
 * when a thread takes it. A task that is aborted, runs out of time or runs its thread out of memory
 * loses its thread; the lane starts a fresh one, and the task's slot is given on only once that one
 * is ready, so the next task's time is not spent loading tables.
 */
class Lane {
  private readonly piscina: Piscina;
  private readonly slots: ConcurrencyLimiter;
  private closed = false;

  constructor(
    tasksModule: string,
    private readonly threads: number,
    options: PoolOptions,
  ) {
    this.slots = new ConcurrencyLimiter(threads);
    this.piscina = new Piscina({
      ...threadEntry(tasksModule),
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

  warm(): Promise<ThreadState[]> {
    return Promise.all(Array.from({ length: this.threads }, () => this.piscina.run(undefined, { name: 'warm' })));
  }

  async run<K extends CpuTaskName>(name: K, input: Input<K>, options: CpuRunOptions): Promise<Result<K>> {
    // A task aborted while it waits for a slot is let through at once, and refused here.
    return this.slots.run(async () => {
      options.signal?.throwIfAborted();
      const deadline = options.timeoutMs ? AbortSignal.timeout(options.timeoutMs) : undefined;
      const signal = deadline && options.signal ? AbortSignal.any([options.signal, deadline]) : (deadline ?? options.signal);
      let outcome: Outcome<Result<K>>;
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

  async close(): Promise<void> {
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
    const module = require(TASK_MODULES[LANE_OF[name]]) as Tasks;
    return unwrap(await (module[name] as (arg: Input<K>) => Promise<Outcome<Result<K>>>)(input));
  }

  async close(): Promise<void> {}
}
