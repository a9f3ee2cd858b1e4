// What every CPU pool thread shares, whichever tasks it runs: how a task's outcome crosses the
// thread boundary, and the thread's start-up (background priority, tokenizer tables loaded).
import { warmTokenizer } from '@assistants/domain/prompt/tokenizer';
import type { DocumentProblem } from '@assistants/ingest';
import { getPriority, setPriority } from 'node:os';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { isMainThread, threadId } from 'node:worker_threads';

/** What crosses the thread boundary: a thread's error loses its name in transit, and retry policies go by name. */
export type Outcome<T> = { value: T } | { error: { name: string; message: string; problem?: DocumentProblem } };

export function outcome<I, T>(fn: (input: I) => T | Promise<T>): (input: I) => Promise<Outcome<T>> {
  return async (input) => {
    try {
      return { value: await fn(input) };
    } catch (error) {
      const { name, message, problem } = (error instanceof Error ? error : new Error(String(error))) as Error & { problem?: DocumentProblem };
      // A document error's code (see DocumentProblem) would be lost in transit too.
      return { error: { name, message, ...(problem && { problem }) } };
    } finally {
      if (!isMainThread) collectIfGrown();
    }
  };
}

/**
 * Heap a task may leave behind before the thread collects it. An idle thread runs nothing, so V8
 * never collects there on its own: the garbage of one big document (hundreds of megabytes for a
 * 2 MB CSV of tiny rows) would stay in the process's memory until the next document.
 */
const GARBAGE_LEFT_BYTES = 64 * 1024 * 1024;
let heapAfterWarm = 0;
let collect: (() => void) | undefined;

/**
 * Before the reply, not after it: between tasks Piscina parks the thread in Atomics.wait, where
 * nothing scheduled runs. Only a task that grew the heap that much pays for it.
 */
function collectIfGrown(): void {
  if (getHeapStatistics().used_heap_size - heapAfterWarm < GARBAGE_LEFT_BYTES) return;
  // Node offers no collection call without --expose-gc, which worker threads refuse in execArgv:
  // a context made after the flag is set gets `gc` (the way jest's leak detector does it).
  if (!collect) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  collect();
}

/** A pool thread loads the tokenizer tables as it starts, so no task pays for them; says which thread it is, its niceness and its heap in use. */
export function warm(): { niceness: number; threadId: number; heapUsed: number } {
  warmTokenizer();
  const heapUsed = getHeapStatistics().used_heap_size;
  heapAfterWarm ||= heapUsed;
  return { niceness: getPriority(), threadId, heapUsed };
}

/** Background niceness of pool threads: when cores are short, the request thread gets them first. */
const POOL_THREAD_NICENESS = 10;

if (!isMainThread) {
  // Only on Linux does a priority apply to the calling thread alone; elsewhere it would slow the whole process.
  // Never below the process's own (raising a priority needs privileges), and never fatal.
  if (process.platform === 'linux') {
    try {
      setPriority(Math.max(getPriority(), POOL_THREAD_NICENESS));
    } catch {
      /* keep the inherited priority */
    }
  }
  warm();
}
