import type { Writable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { cleanText, describeSource, formatTime, messageHeading, oneLine, sourcesOf } from '../export-text';
import type { ExportHeader, ExportMessage } from '../export.types';
import { drained } from '../sink';
import { PDF_WORKER_SOURCE } from './pdf-worker-source';

/** DejaVu Sans covers Latin, Cyrillic and Greek; pdfkit embeds the glyphs used in each PDF. */
const FONTS = {
  regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
};

type WorkerMessage = { type: 'chunk'; data: Uint8Array } | { type: 'ready' } | { type: 'done' } | { type: 'error'; message: string };

/**
 * Streams a PDF made in a worker thread: text layout and font subsetting take tens of
 * milliseconds per page batch, too long for the thread that serves requests. The main thread
 * reads a batch of messages, hands it over, writes the bytes that come back, and sends the next
 * batch only when the worker is done with this one and the client has taken the bytes, so
 * neither side buffers more than a batch. A client that goes away stops the worker.
 */
export async function writePdf(header: ExportHeader, batches: AsyncIterable<ExportMessage[]>, out: Writable): Promise<void> {
  const worker = new Worker(PDF_WORKER_SOURCE, {
    eval: true,
    workerData: {
      pdfkit: require.resolve('pdfkit'),
      fonts: FONTS,
      header: {
        title: oneLine(header.title) || 'Conversation',
        lines: [`Assistant: ${oneLine(header.assistantName)}`, `Started ${formatTime(header.createdAt)} · exported ${formatTime(header.exportedAt)}`],
      },
    },
  });
  let waiting: { resolve(): void; reject(error: Error): void } | null = null;
  let failure: Error | null = null;
  let done = false;
  const settle = (error?: Error) => {
    const w = waiting;
    waiting = null;
    if (error) w?.reject(error);
    else w?.resolve();
  };
  worker.on('message', (message: WorkerMessage) => {
    if (message.type === 'chunk') {
      if (!out.destroyed) out.write(Buffer.from(message.data.buffer, message.data.byteOffset, message.data.byteLength));
    } else if (message.type === 'error') settle((failure = new Error(`PDF worker: ${message.message}`)));
    else {
      if (message.type === 'done') done = true;
      settle();
    }
  });
  worker.on('error', (error) => settle((failure = error)));
  worker.on('exit', () => settle((failure ??= done ? null : new Error('The PDF worker stopped early.')) ?? undefined));
  const step = (message: object) =>
    new Promise<void>((resolve, reject) => {
      if (failure) return reject(failure);
      waiting = { resolve, reject };
      worker.postMessage(message);
    });

  try {
    for await (const batch of batches) {
      const items = batch.map((message) => ({
        heading: messageHeading(message),
        content: cleanText(message.content).replace(/\t/g, '    '),
        error: message.error ? `Error: ${oneLine(message.error)}` : null,
        sources: sourcesOf(message.searchResults).map(describeSource),
      }));
      await step({ type: 'batch', items });
      await drained(out);
    }
    await step({ type: 'end' });
    out.end();
  } finally {
    await worker.terminate();
  }
}
