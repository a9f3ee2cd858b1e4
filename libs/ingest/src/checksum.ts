import { createHash } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

/** Hex SHA-256 of the raw upload: lets ingest skip a document whose bytes were already indexed. */
export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The same digest, hashed a slice at a time with a turn of the event loop between: a 20 MB upload never holds it long. */
export async function sha256Stepwise(data: Uint8Array, sliceBytes = 1 << 20): Promise<string> {
  const hash = createHash('sha256');
  for (let from = 0; from < data.byteLength; from += sliceBytes) {
    hash.update(data.subarray(from, from + sliceBytes));
    if (from + sliceBytes < data.byteLength) await yieldToEventLoop();
  }
  return hash.digest('hex');
}
