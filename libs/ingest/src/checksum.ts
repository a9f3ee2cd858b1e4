import { createHash } from 'node:crypto';

/** Hex SHA-256 of the raw upload: lets ingest skip a document whose bytes were already indexed. */
export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}
