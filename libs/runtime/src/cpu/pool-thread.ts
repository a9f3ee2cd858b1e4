// What every CPU pool thread shares, whichever tasks it runs: how a task's outcome crosses the
// thread boundary, and the thread's start-up (background priority, tokenizer tables loaded).
import { warmTokenizer } from '@assistants/domain/prompt/tokenizer';
import { getPriority, setPriority } from 'node:os';
import { isMainThread, threadId } from 'node:worker_threads';

/** What crosses the thread boundary: a thread's error loses its name in transit, and retry policies go by name. */
export type Outcome<T> = { value: T } | { error: { name: string; message: string } };

export function outcome<I, T>(fn: (input: I) => T | Promise<T>): (input: I) => Promise<Outcome<T>> {
  return async (input) => {
    try {
      return { value: await fn(input) };
    } catch (error) {
      const { name, message } = error instanceof Error ? error : new Error(String(error));
      return { error: { name, message } };
    }
  };
}

/** A pool thread loads the tokenizer tables as it starts, so no task pays for them; says which thread it is and its niceness. */
export function warm(): { niceness: number; threadId: number } {
  warmTokenizer();
  return { niceness: getPriority(), threadId };
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
