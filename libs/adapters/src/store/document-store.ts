import type { SqlRunner } from '@assistants/db';
import type { Chunk } from '@assistants/ingest';
import { randomUUID } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

// The heavy writes and reads of ingest, kept short: every statement here is bounded (a part of an
// upload, a batch of chunks), so that a chat query waits behind at most one of them (DatabaseLanes),
// and the event loop turns between statements. They bypass Prisma's query engine, which costs
// several times the database's own work for rows this large.

/** The database's own connection (the pg pool), which sends a Buffer parameter as binary, unencoded. */
export type SqlQuery = Pick<SqlRunner, 'query'>;

export const UPLOAD_PART_BYTES = 256 * 1024;

/** Stores an upload in parts; the document row must exist (its deletion removes them). */
export async function storeUpload(sql: SqlQuery, documentId: string, bytes: Uint8Array): Promise<void> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let part = 0; part * UPLOAD_PART_BYTES < buffer.byteLength || part === 0; part++) {
    const slice = buffer.subarray(part * UPLOAD_PART_BYTES, (part + 1) * UPLOAD_PART_BYTES);
    await sql.query(`INSERT INTO document_content_parts (document_id, part, data) VALUES ($1::uuid, $2, $3)`, [documentId, part, slice]);
    await yieldToEventLoop();
  }
}

/** The stored upload, or null when it is gone or not all of its `sizeBytes` are there (an upload cut short). */
export async function readUpload(sql: SqlQuery, documentId: string, sizeBytes: number): Promise<Buffer | null> {
  const parts: Buffer[] = [];
  for (let part = 0; ; part++) {
    const rows = await sql.query<{ data: Buffer }>(`SELECT data FROM document_content_parts WHERE document_id = $1::uuid AND part = $2`, [documentId, part]);
    if (!rows.length) break;
    parts.push(rows[0].data);
    await yieldToEventLoop();
  }
  const content = Buffer.concat(parts);
  return parts.length && content.byteLength === sizeBytes ? content : null;
}

/** Rows and characters per insert: each statement stays short (a chat query waits behind at most one). */
export const CHUNK_WRITE_ROWS = 16;
export const CHUNK_WRITE_CHARS = 32 * 1024;

/**
 * Replaces a document's chunks, in bounded batches with a turn of the event loop between them.
 * Not one transaction: the lanes give chat its turn between statements, never inside one. Deleting first
 * keeps a retried write to exactly one copy, and search reads only documents marked ready.
 */
export async function replaceChunks(sql: SqlQuery, document: { id: string; assistantId: string }, chunks: Chunk[], generation?: number): Promise<void> {
  // A re-index (a generation given) replaces only its own generation: the live one stays searchable.
  if (generation === undefined) await sql.query(`DELETE FROM chunks WHERE document_id = $1::uuid`, [document.id]);
  else await sql.query(`DELETE FROM chunks WHERE document_id = $1::uuid AND generation = $2`, [document.id, generation]);
  for (let from = 0; from < chunks.length; ) {
    let to = from;
    let chars = 0;
    while (to < chunks.length && to - from < CHUNK_WRITE_ROWS && (to === from || chars + chunks[to].text.length <= CHUNK_WRITE_CHARS)) chars += chunks[to++].text.length;
    const rows = chunks.slice(from, to).map((c) => ({ id: randomUUID(), position: c.position, text: c.text, tokens: c.tokenCount, metadata: c.metadata }));
    await sql.query(
      `INSERT INTO chunks (id, document_id, assistant_id, position, text, token_count, metadata, generation)
       SELECT (r->>'id')::uuid, $1::uuid, $2::uuid, (r->>'position')::int, r->>'text', (r->>'tokens')::int, r->'metadata', $4::int
       FROM jsonb_array_elements($3::jsonb) AS r`,
      [document.id, document.assistantId, JSON.stringify(rows), generation ?? 0],
    );
    from = to;
    await yieldToEventLoop();
  }
}
