// The body of the worker thread ThreadedOnnxEmbedder starts: one LocalOnnxEmbedder, fed by messages.
// onnxruntime-node runs inference synchronously on the thread that calls it, so here it holds
// this thread, never the one serving requests.
import { parentPort, workerData } from 'node:worker_threads';
import { LocalOnnxEmbedder, type LocalOnnxEmbedderOptions } from './local-onnx-embedder';

export type WorkerRequest = { id: number; op: 'embed'; texts: string[] } | { id: number; op: 'warmUp' };
export type WorkerReply = { id: number; vectors?: number[][]; error?: { name: string; message: string } };

if (parentPort) {
  const port = parentPort;
  const embedder = new LocalOnnxEmbedder(workerData as LocalOnnxEmbedderOptions);
  port.on('message', (request: WorkerRequest) => {
    const work = request.op === 'embed' ? embedder.embed(request.texts) : embedder.warmUp().then(() => undefined);
    work.then(
      (vectors) => port.postMessage({ id: request.id, vectors } satisfies WorkerReply),
      (error: Error) => port.postMessage({ id: request.id, error: { name: error.name, message: error.message } } satisfies WorkerReply),
    );
  });
}
