import type { AppConfig } from '@assistants/config';
import { threadEntry } from '@assistants/runtime';
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { PerUserSlots } from '../../common/per-user-slots';
import { problemText } from '../../common/errors/problem-text';
import { TryLaterException } from '../../common/try-later.exception';
import { InjectConfig } from '../../config/config.module';
import type { PdfJob } from './formats/pdf-render.task';
import { PdfSession } from './pdf-session';

/** Heap of one PDF thread: pdfkit, the fonts and one document's bookkeeping fit easily; a runaway is stopped. */
const THREAD_LIMITS = { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 32 };
/** Idle threads go after this long, so memory returns once the exports are over. */
const IDLE_MS = 30_000;
/** Threads yield the cores to the request thread when they are short. */
const THREAD_NICENESS = 10;

export interface PdfPoolStats {
  /** Threads alive now (never more than `maxThreads`). */
  threads: number;
  maxThreads: number;
  /** Exports running or waiting for a thread. */
  exports: number;
}

/**
 * The PDF exports of this process share `EXPORT_THREADS` worker threads. An export takes its
 * place before its response starts, so a full queue (EXPORT_QUEUE_LIMIT beyond the threads) is a
 * 503 and a person with EXPORT_CONCURRENT_PER_USER exports open already gets 429, both as
 * problems with Retry-After. Each export has EXPORT_TIMEOUT_MS from queueing to its last byte;
 * past it the thread is stopped.
 */
@Injectable()
export class PdfExportPool implements OnModuleDestroy {
  private readonly piscina: Piscina;
  private readonly perUser: PerUserSlots;
  private exports = 0;

  constructor(@InjectConfig() private readonly config: AppConfig) {
    const { threads, perUser } = config.exports;
    this.perUser = new PerUserSlots(perUser);
    this.piscina = new Piscina({
      ...threadEntry(require.resolve('./formats/pdf-render.task')),
      name: 'renderPdf',
      minThreads: 0,
      maxThreads: threads,
      idleTimeout: IDLE_MS,
      concurrentTasksPerWorker: 1,
      resourceLimits: THREAD_LIMITS,
      niceIncrement: process.platform === 'linux' ? THREAD_NICENESS : 0,
    });
  }

  stats(): PdfPoolStats {
    return { threads: this.piscina.threads.length, maxThreads: this.config.exports.threads, exports: this.exports };
  }

  /**
   * Queues a PDF for `userId` and resolves once a thread has started it; the session then takes
   * the messages. `signal`: the client went away (a waiting export leaves the queue).
   */
  async start(userId: string, header: PdfJob['header'], signal?: AbortSignal): Promise<PdfSession> {
    const { threads, queueLimit, perUser, timeoutMs, maxPdfPages } = this.config.exports;
    const releaseUser = this.perUser.tryAcquire(userId);
    if (!releaseUser) throw new TryLaterException(429, problemText('export.pdf_busy_user', { limit: perUser }), 5);
    if (this.exports >= threads + queueLimit) {
      releaseUser();
      throw new TryLaterException(503, problemText('export.pdf_busy'), 10);
    }
    this.exports++;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.exports--;
      releaseUser();
    };
    const { port1, port2 } = new MessageChannel();
    const stop = new AbortController();
    const job: PdfJob = { port: port2, header, maxPages: maxPdfPages };
    const task = this.piscina.run(job, { transferList: [port2], signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), stop.signal]) });
    const session = new PdfSession(port1, task, stop, release);
    const leave = () => session.close();
    signal?.addEventListener('abort', leave, { once: true });
    try {
      await session.started();
    } catch (error) {
      session.close();
      if (signal?.aborted || (error as Error).name !== 'AbortError') throw error;
      throw new TryLaterException(503, problemText('export.pdf_wait_timeout', { ms: timeoutMs }), 10);
    } finally {
      signal?.removeEventListener('abort', leave);
    }
    return session;
  }

  async onModuleDestroy(): Promise<void> {
    await this.piscina.destroy();
  }
}
