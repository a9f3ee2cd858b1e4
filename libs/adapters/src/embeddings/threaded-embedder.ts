import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { abortError, throwIfAborted, LlmRejectedError, LlmUnavailableError, type Embedder } from '@assistants/domain';
import { LOCAL_EMBEDDING_MODEL, type LocalOnnxEmbedderOptions } from './local-onnx-embedder';
import type { WorkerReply, WorkerRequest } from './local-onnx-worker';

export interface ThreadedOnnxEmbedderOptions extends LocalOnnxEmbedderOptions {
  /**
   * Worker threads, each with its own copy of the model (about 40 MB); default min(2, cores).
   * A batch is split across them: texts are independent, one sequence each.
   */
  workers?: number;
  /**
   * Texts per message to a worker (default 1): what a question asked during a batch waits for
   * on the first worker to finish, and the unit that keeps the workers finishing a batch together.
   * A message costs well under a millisecond; a passage 10–20 ms of CPU.
   */
  textsPerMessage?: number;
}

/** One call to embed (or warm up), cut into pieces that idle workers take in turn. */
interface Call {
  op: 'embed' | 'warmUp';
  texts: string[];
  vectors: number[][];
  /** Start of the next piece not yet sent. */
  next: number;
  piece: number;
  /** Pieces sent whose replies have not come back. */
  out: number;
  done: boolean;
  resolve: () => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  /** The piece this worker computes now, if any. */
  busy?: { id: number; call: Call; start: number };
  ready: boolean;
}

/**
 * The local ONNX model on a small pool of worker threads, for use on the thread that serves
 * requests: onnxruntime-node's `session.run` is a promise, but the inference itself runs
 * synchronously on the calling thread (inside a setImmediate), about 10–50 ms per passage. Here
 * that thread is a worker's; this one only posts texts and receives vectors.
 *
 * Each worker runs one text at a time with one runtime thread by default: texts are independent
 * (one unpadded sequence each, see LocalOnnxEmbedder), so two single-threaded workers keep two cores
 * busy through a whole passage, where one worker with two runtime threads splits each operator and
 * its calling thread did about 60 % of the work (bench/RESULTS.md, "embed pool"). A batch is cut into pieces (one text by default) that idle workers take; calls
 * take turns piece by piece, so a question asked during an ingest waits for one piece, not the batch.
 * Workers start on first need (or warmUp) and do not keep the process alive while idle. A crashed
 * worker fails the calls it was computing for; the next piece starts a new one.
 * Vectors are the same as LocalOnnxEmbedder's on this thread, whichever worker computes them.
 */
export class ThreadedOnnxEmbedder implements Embedder {
  readonly model = LOCAL_EMBEDDING_MODEL;
  readonly dimensions = 384;
  readonly workers: number;
  private readonly textsPerMessage: number;
  private readonly slots: (Slot | undefined)[];
  /** Calls with pieces left to send, served in turn. */
  private queue: Call[] = [];
  private nextId = 1;

  constructor(private readonly options: ThreadedOnnxEmbedderOptions) {
    this.workers = Math.max(1, Math.floor(options.workers ?? Math.min(2, availableParallelism())));
    this.textsPerMessage = Math.max(1, Math.floor(options.textsPerMessage ?? 1));
    this.slots = new Array<Slot | undefined>(this.workers).fill(undefined);
  }

  /** Starts every worker and loads the model in each (about half a second of one core apiece). */
  async warmUp(): Promise<void> {
    await this.submit('warmUp', new Array<string>(this.workers).fill(''), 1);
  }

  async embed(texts: string[], signal?: AbortSignal): Promise<number[][]> {
    throwIfAborted(signal);
    if (texts.length === 0) return [];
    return this.submit('embed', texts, Math.max(1, Math.min(this.textsPerMessage, Math.ceil(texts.length / this.workers))), signal);
  }

  async close(): Promise<void> {
    const slots = this.slots.splice(0, this.slots.length, ...new Array<Slot | undefined>(this.workers).fill(undefined));
    const closed = new LlmUnavailableError('local embedder closed');
    for (const call of this.queue) this.finish(call, closed);
    this.queue = [];
    // Terminating a worker inside the runtime's native code aborts the whole process, so a busy
    // worker finishes its piece (a few texts) first.
    await Promise.all(
      slots.map(async (slot) => {
        if (!slot) return;
        if (slot.busy) await new Promise((resolve) => (slot.worker.once('message', resolve), slot.worker.once('exit', resolve)));
        await slot.worker.terminate();
      }),
    );
  }

  private submit(op: Call['op'], texts: string[], piece: number, signal?: AbortSignal): Promise<number[][]> {
    return new Promise<number[][]>((resolve, reject) => {
      const onAbort = () => this.finish(call, abortError(signal!));
      const call: Call = {
        op,
        texts,
        vectors: new Array<number[]>(texts.length),
        next: 0,
        piece,
        out: 0,
        done: false,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(call.vectors);
        },
        reject: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      // An abort answers the caller at once; pieces already sent finish and their replies are dropped.
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(call);
      this.dispatch();
    });
  }

  /** Settles a call once; its unsent pieces are dropped. */
  private finish(call: Call, error?: Error): void {
    if (call.done) return;
    call.done = true;
    this.queue = this.queue.filter((c) => c !== call);
    if (error) call.reject(error);
    else call.resolve();
  }

  /** Gives the next pieces to idle workers, starting workers while some slot is empty. */
  private dispatch(): void {
    while (this.queue.length) {
      const index = this.idleSlot();
      if (index < 0) return;
      const call = this.queue.shift()!;
      const start = call.next;
      const texts = call.texts.slice(start, start + call.piece);
      call.next += texts.length;
      call.out++;
      // Round robin: the call goes to the back while it has pieces left, so others get a turn.
      if (call.next < call.texts.length) this.queue.push(call);
      const slot = (this.slots[index] ??= this.start(index));
      const id = this.nextId++;
      slot.busy = { id, call, start };
      slot.worker.ref();
      const request: WorkerRequest = call.op === 'embed' ? { id, op: 'embed', texts } : { id, op: 'warmUp' };
      slot.worker.postMessage(request);
    }
  }

  /** An idle started worker first (its model is loaded), else an empty slot; -1 when all are busy. */
  private idleSlot(): number {
    const ready = this.slots.findIndex((slot) => slot && !slot.busy && slot.ready);
    if (ready >= 0) return ready;
    const idle = this.slots.findIndex((slot) => slot && !slot.busy);
    if (idle >= 0) return idle;
    return this.slots.findIndex((slot) => !slot);
  }

  private start(index: number): Slot {
    // Beside this file; from the TypeScript sources (tests, ts-node style runs) through swc's register hook.
    const file = join(__dirname, `local-onnx-worker${extname(__filename)}`);
    const workerData: LocalOnnxEmbedderOptions = { modelDir: this.options.modelDir, threads: this.options.threads ?? 1 };
    const worker = new Worker(file, { workerData, execArgv: file.endsWith('.ts') ? ['--require', '@swc-node/register'] : [] });
    const slot: Slot = { worker, ready: false };
    worker.on('message', (reply: WorkerReply) => {
      const busy = slot.busy;
      if (!busy || busy.id !== reply.id) return;
      slot.busy = undefined;
      // An idle worker must not keep the process alive.
      worker.unref();
      const { call, start } = busy;
      call.out--;
      if (reply.error) {
        const ErrorType = reply.error.name === 'LlmRejectedError' ? LlmRejectedError : Error;
        const error = new ErrorType(reply.error.message);
        error.name = reply.error.name;
        this.finish(call, error);
      } else {
        slot.ready = true;
        reply.vectors?.forEach((vector, i) => (call.vectors[start + i] = vector));
        if (call.out === 0 && call.next >= call.texts.length) this.finish(call);
      }
      this.dispatch();
    });
    // A crashed worker fails the call it was computing for; the next piece starts a new worker.
    const fail = (error: Error) => {
      if (this.slots[index] === slot) this.slots[index] = undefined;
      const busy = slot.busy;
      slot.busy = undefined;
      if (busy) this.finish(busy.call, error);
      this.dispatch();
    };
    worker.on('error', (error) => fail(new LlmUnavailableError(`local embedding worker failed: ${error.message}`)));
    worker.on('exit', (code) => fail(new LlmUnavailableError(`local embedding worker exited (code ${code})`)));
    return slot;
  }
}
