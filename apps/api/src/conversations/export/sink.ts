import type { Writable } from 'node:stream';

/** The client went away; the export stops reading the database. */
export class ExportAborted extends Error {}

/**
 * Waits until the client has taken what was written so far (and gives the event loop a turn
 * in any case), so a slow or vanished client never makes the server buffer a whole export.
 */
export async function drained(out: Writable): Promise<void> {
  if (out.destroyed) throw new ExportAborted('The client closed the connection.');
  if (out.writableNeedDrain) {
    await new Promise<void>((resolve) => {
      const done = () => {
        out.off('drain', done).off('close', done);
        resolve();
      };
      out.on('drain', done).on('close', done);
    });
    if (out.destroyed) throw new ExportAborted('The client closed the connection.');
  }
  await new Promise<void>((resolve) => setImmediate(resolve));
}

export async function send(out: Writable, chunk: string): Promise<void> {
  if (out.destroyed) throw new ExportAborted('The client closed the connection.');
  out.write(chunk);
  await drained(out);
}
