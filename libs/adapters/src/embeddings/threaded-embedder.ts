import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { abortError, throwIfAborted, LlmRejectedError, LlmUnavailableError, type Embedder } from '@assistants/domain';
import { LOCAL_EMBEDDING_MODEL, type LocalOnnxEmbedderOptions } from './local-onnx-embedder';
import type { WorkerReply, WorkerRequest } from './local-onnx-worker';

interface Pending {
  resolve: (vectors: number[][] | undefined) => void;
  reject: (error: Error) => void;
}

/**
 * The local ONNX model on a worker thread of its own, for use on the thread that serves requests:
 * onnxruntime-node's `session.run` is a promise, but the inference itself runs synchronously on the
 * calling thread (inside a setImmediate), about 10–50 ms per passage. Here that thread is the worker's;
 * this one only posts texts and receives vectors. Code already on a worker (an ingest pool) can use
 * LocalOnnxEmbedder directly instead.
 */
export class ThreadedOnnxEmbedder implements Embedder {
  readonly model = LOCAL_EMBEDDING_MODEL;
  readonly dimensions = 384;
  private worker?: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly options: LocalOnnxEmbedderOptions) {}

  async warmUp(): Promise<void> {
    await this.call({ op: 'warmUp' });
  }

  async embed(texts: string[], signal?: AbortSignal): Promise<number[][]> {
    throwIfAborted(signal);
    if (texts.length === 0) return [];
    return (await this.call({ op: 'embed', texts }, signal)) ?? [];
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private call(request: { op: 'embed'; texts: string[] } | { op: 'warmUp' }, signal?: AbortSignal): Promise<number[][] | undefined> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      // An abort answers the caller at once; the worker finishes the batch and its reply is dropped.
      const onAbort = () => settle(() => reject(abortError(signal!)));
      const settle = (fn: () => void) => {
        if (!this.pending.delete(id)) return;
        signal?.removeEventListener('abort', onAbort);
        // An idle worker must not keep the process alive.
        if (this.pending.size === 0) worker.unref();
        fn();
      };
      this.pending.set(id, { resolve: (v) => settle(() => resolve(v)), reject: (e) => settle(() => reject(e)) });
      signal?.addEventListener('abort', onAbort, { once: true });
      worker.ref();
      worker.postMessage({ id, ...request } satisfies WorkerRequest);
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    // Beside this file; from the TypeScript sources (tests, ts-node style runs) through swc's register hook.
    const file = join(__dirname, `local-onnx-worker${extname(__filename)}`);
    const worker = new Worker(file, { workerData: this.options, execArgv: file.endsWith('.ts') ? ['--require', '@swc-node/register'] : [] });
    worker.unref();
    worker.on('message', (reply: WorkerReply) => {
      const pending = this.pending.get(reply.id);
      if (!pending) return;
      if (!reply.error) return pending.resolve(reply.vectors);
      const ErrorType = reply.error.name === 'LlmRejectedError' ? LlmRejectedError : Error;
      const error = new ErrorType(reply.error.message);
      error.name = reply.error.name;
      pending.reject(error);
    });
    // A crashed worker fails what it held; the next call starts a new one.
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const pending of [...this.pending.values()]) pending.reject(error);
    };
    worker.on('error', (error) => fail(new LlmUnavailableError(`local embedding worker failed: ${error.message}`)));
    worker.on('exit', (code) => fail(new LlmUnavailableError(`local embedding worker exited (code ${code})`)));
    this.worker = worker;
    return worker;
  }
}
