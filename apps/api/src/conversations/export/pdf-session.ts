import type { Writable } from 'node:stream';
import type { MessagePort } from 'node:worker_threads';
import type { FromRenderer, PdfItem, ToRenderer } from './formats/pdf-render.task';

type Awaited = 'started' | 'ready' | 'done';

/**
 * The request thread's side of one PDF being laid out in the pool: it hands over a batch, writes
 * the bytes that come back to the response, and hears when the batch is done, so neither side
 * holds more than a batch. The pool's slot is given back when the thread is free again.
 */
export class PdfSession {
  private out: Writable | null = null;
  private state: 'queued' | 'started' | 'done' | 'closed' = 'queued';
  private failure: Error | null = null;
  private waiting: { type: Awaited; resolve(message: FromRenderer): void; reject(error: Error): void } | null = null;

  constructor(
    private readonly port: MessagePort,
    private readonly task: Promise<unknown>,
    private readonly stop: AbortController,
    release: () => void,
  ) {
    port.on('message', (message: FromRenderer) => this.receive(message));
    // The thread closes its end when it is finished; a thread that was stopped closes it too.
    port.once(
      'close',
      () =>
        void task.then(
          () => this.fail(new Error('The PDF renderer stopped before the end.')),
          (error: Error) => this.fail(error),
        ),
    );
    task.then(undefined, (error: Error) => this.fail(error)).finally(release);
  }

  started(): Promise<void> {
    return this.next('started').then(() => undefined);
  }

  /** Lays out one batch, writing its bytes to `out`; false once the page limit is reached (send no more). */
  async render(items: PdfItem[], out: Writable): Promise<boolean> {
    this.out = out;
    const ready = this.next('ready');
    this.send({ type: 'batch', items });
    return ((await ready) as Extract<FromRenderer, { type: 'ready' }>).more;
  }

  /** Ends the document and waits for its last byte. */
  async finish(out: Writable): Promise<void> {
    this.out = out;
    const done = this.next('done');
    this.send({ type: 'end' });
    await done;
  }

  /** Gives the thread back: a waiting export leaves the queue, a running one stops where it is. */
  close(): void {
    if (this.state === 'queued') this.stop.abort(new Error('The export was cancelled.'));
    else if (this.state === 'started') this.send({ type: 'cancel' });
    this.fail(new Error('The export was closed.'));
    if (this.state !== 'done') this.state = 'closed';
  }

  private send(message: ToRenderer): void {
    if (!this.failure) this.port.postMessage(message);
  }

  private next(type: Awaited): Promise<FromRenderer> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => (this.waiting = { type, resolve, reject }));
  }

  private receive(message: FromRenderer): void {
    if (message.type === 'chunk') {
      if (this.out && !this.out.destroyed) this.out.write(Buffer.from(message.data.buffer, message.data.byteOffset, message.data.byteLength));
      return;
    }
    if (message.type === 'started' && this.state === 'queued') this.state = 'started';
    if (message.type === 'done') this.state = 'done';
    const waiting = this.waiting;
    if (waiting?.type === message.type) {
      this.waiting = null;
      waiting.resolve(message);
    }
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    // No thread holds the other end of a port that never left the queue.
    if (this.state === 'queued') this.port.close();
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.reject(error);
  }
}
