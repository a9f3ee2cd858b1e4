import type { Prisma, PrismaClient } from '@assistants/db';
import type { Chunk } from '@assistants/ingest';
import { randomUUID } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

// Uploads travel as base64 text and are decoded by the database: PGlite runs in the thread that
// serves HTTP, and its bytea parameter and result encoding costs ~170 ms per MB there, base64 ~20.
// Both work the same on PostgreSQL.

/** The statement that stores an upload's bytes, for a transaction that also creates its document. */
export function storeUpload(prisma: PrismaClient, documentId: string, bytes: Uint8Array): Prisma.PrismaPromise<number> {
  const base64 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  return prisma.$executeRaw`INSERT INTO document_contents (document_id, data) VALUES (${documentId}::uuid, decode(${base64}, 'base64'))`;
}

/** The stored upload's bytes, or null when the document or its upload is gone. */
export async function readUpload(prisma: PrismaClient, documentId: string): Promise<Buffer | null> {
  const rows = await prisma.$queryRaw<{ data: string }[]>`SELECT encode(data, 'base64') AS data FROM document_contents WHERE document_id = ${documentId}::uuid`;
  // encode() wraps lines every 76 characters; Node's decoder skips the newlines.
  return rows.length ? Buffer.from(rows[0].data, 'base64') : null;
}

/** Rows and bytes per insert: each statement is short, so requests between them are served. */
export const CHUNK_WRITE_ROWS = 200;
export const CHUNK_WRITE_BYTES = 256 * 1024;

/**
 * Replaces a document's chunks, in bounded batches with a turn of the event loop between them.
 * Not one transaction: that would hold the embedded database for the whole write. Deleting first
 * keeps a retried write to exactly one copy, and search reads only documents marked ready.
 */
export async function replaceChunks(prisma: PrismaClient, document: { id: string; assistantId: string }, chunks: Chunk[]): Promise<void> {
  await prisma.chunk.deleteMany({ where: { documentId: document.id } });
  for (let from = 0; from < chunks.length; ) {
    let to = from;
    let bytes = 0;
    while (to < chunks.length && to - from < CHUNK_WRITE_ROWS && (to === from || bytes + chunks[to].text.length <= CHUNK_WRITE_BYTES)) bytes += chunks[to++].text.length;
    await prisma.chunk.createMany({
      data: chunks.slice(from, to).map((chunk) => ({
        id: randomUUID(),
        documentId: document.id,
        assistantId: document.assistantId,
        position: chunk.position,
        text: chunk.text,
        tokenCount: chunk.tokenCount,
        metadata: chunk.metadata,
      })),
    });
    from = to;
    await yieldToEventLoop();
  }
}
