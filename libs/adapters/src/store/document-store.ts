import { Prisma, type SqlRunner } from '@assistants/db';
import type { DocumentStatus } from '@assistants/common';
import type { ChunkToStore, DocumentErrorCode, DocumentRecord, DocumentStore, NewDocument, StoredChunk } from '@assistants/domain';
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
async function storeUpload(sql: SqlQuery, documentId: string, bytes: Uint8Array): Promise<void> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let part = 0; part * UPLOAD_PART_BYTES < buffer.byteLength || part === 0; part++) {
    const slice = buffer.subarray(part * UPLOAD_PART_BYTES, (part + 1) * UPLOAD_PART_BYTES);
    await sql.query(`INSERT INTO document_content_parts (document_id, part, data) VALUES ($1::uuid, $2, $3)`, [documentId, part, slice]);
    await yieldToEventLoop();
  }
}

/** The stored upload, or null when it is gone or not all of its `sizeBytes` are there (an upload cut short). */
async function readUpload(sql: SqlQuery, documentId: string, sizeBytes: number): Promise<Buffer | null> {
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
async function replaceChunks(sql: SqlQuery, document: { id: string; assistantId: string }, chunks: ChunkToStore[], generation?: number): Promise<void> {
  // A re-index (a generation given) replaces only its own generation: the live one stays searchable.
  if (generation === undefined) await sql.query(`DELETE FROM chunks WHERE document_id = $1::uuid`, [document.id]);
  else await sql.query(`DELETE FROM chunks WHERE document_id = $1::uuid AND generation = $2`, [document.id, generation]);
  for (let from = 0; from < chunks.length;) {
    let to = from;
    let chars = 0;
    while (to < chunks.length && to - from < CHUNK_WRITE_ROWS && (to === from || chars + chunks[to].text.length <= CHUNK_WRITE_CHARS))
      chars += chunks[to++].text.length;
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

/**
 * Documents, their uploads and their chunks in PostgreSQL: the rows through Prisma, the uploads and
 * chunks (bulk, bounded statements) through the database's own connection.
 */
export class PostgresDocumentStore implements DocumentStore {
  constructor(
    private readonly db: Prisma.TransactionClient,
    private readonly sql: SqlQuery,
  ) {}

  find(id: string): Promise<DocumentRecord | null> {
    return this.db.knowledgeDocument.findUnique({ where: { id } });
  }

  get(id: string): Promise<DocumentRecord> {
    return this.db.knowledgeDocument.findUniqueOrThrow({ where: { id } });
  }

  findForIngest(id: string): Promise<(DocumentRecord & { assistant: { chunkSize: number; chunkOverlap: number } }) | null> {
    return this.db.knowledgeDocument.findUnique({ where: { id }, include: { assistant: { select: { chunkSize: true, chunkOverlap: true } } } });
  }

  list(assistantId: string): Promise<DocumentRecord[]> {
    return this.db.knowledgeDocument.findMany({ where: { assistantId, conversationId: null }, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }] });
  }

  count(assistantId: string): Promise<number> {
    return this.db.knowledgeDocument.count({ where: { assistantId, conversationId: null } });
  }

  countReady(assistantId: string): Promise<number> {
    return this.db.knowledgeDocument.count({ where: { assistantId, conversationId: null, status: 'ready' } });
  }

  async listReadyIds(assistantId: string): Promise<string[]> {
    const documents = await this.db.knowledgeDocument.findMany({
      where: { assistantId, conversationId: null, status: 'ready' },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: { id: true },
    });
    return documents.map((d) => d.id);
  }

  findDuplicate(assistantId: string, checksum: string): Promise<DocumentRecord | null> {
    return this.db.knowledgeDocument.findFirst({ where: { assistantId, conversationId: null, checksum, status: { not: 'failed' } } });
  }

  listForConversation(conversationId: string): Promise<DocumentRecord[]> {
    return this.db.knowledgeDocument.findMany({ where: { conversationId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  }

  async removeForConversation(conversationId: string): Promise<number> {
    // Chunks, their vectors and the uploads go with the documents (ON DELETE CASCADE); the search caches see the change in their fingerprint.
    return (await this.db.knowledgeDocument.deleteMany({ where: { conversationId } })).count;
  }

  register(document: NewDocument): Promise<DocumentRecord> {
    return this.db.knowledgeDocument.create({ data: document });
  }

  storeUpload(id: string, bytes: Uint8Array): Promise<void> {
    return storeUpload(this.sql, id, bytes);
  }

  readUpload(id: string, sizeBytes: number): Promise<Buffer | null> {
    return readUpload(this.sql, id, sizeBytes);
  }

  async queueReindex(id: string): Promise<boolean> {
    const { count } = await this.db.knowledgeDocument.updateMany({
      where: { id, status: { in: ['ready', 'failed'] } },
      data: { status: 'queued', progress: 0, ...NO_ERROR },
    });
    return count > 0;
  }

  async takeForReindex(id: string): Promise<boolean> {
    const { count } = await this.db.knowledgeDocument.updateMany({ where: { id, status: 'ready' }, data: { status: 'queued', progress: 0, ...NO_ERROR } });
    return count > 0;
  }

  async requeue(id: string): Promise<void> {
    await this.db.knowledgeDocument.update({ where: { id }, data: { status: 'queued', progress: 0, ...NO_ERROR } });
  }

  async recordIngest(id: string, status: DocumentStatus, progress: number, error: string | null, problem?: DocumentErrorCode | null): Promise<DocumentStatus> {
    const document = await this.db.knowledgeDocument.findUnique({ where: { id }, select: { liveGeneration: true } });
    // A failed re-index leaves the document searchable in its previous index: still ready, with the reason.
    const taken = status === 'failed' && document?.liveGeneration != null ? 'ready' : status;
    // The first ingest's chunks (generation 0) become searchable when it is done; a re-index swapped its own in.
    const live = taken === 'ready' && document?.liveGeneration == null ? { liveGeneration: 0 } : {};
    await this.db.knowledgeDocument.updateMany({ where: { id }, data: { status: taken, progress, ...errorColumns(error, problem), ...live } });
    return taken;
  }

  async markProcessing(id: string, progress: number): Promise<void> {
    await this.sql.query(
      `UPDATE knowledge_documents SET status = 'processing', progress = $2, error = NULL, error_code = NULL, error_params = NULL, updated_at = now()
       WHERE id = $1::uuid AND progress < $2 AND status IN ('queued', 'processing')`,
      [id, progress],
    );
  }

  async endIngest(id: string, error: string, problem?: DocumentErrorCode): Promise<void> {
    const columns = errorColumns(error, problem);
    await this.db.knowledgeDocument.updateMany({ where: { id, liveGeneration: null }, data: { status: 'failed', ...columns } });
    await this.db.knowledgeDocument.updateMany({ where: { id, liveGeneration: { not: null } }, data: { status: 'ready', ...columns } });
  }

  async setCounts(id: string, { chunkCount, tokenCount }: { chunkCount: number; tokenCount: number }): Promise<void> {
    await this.db.knowledgeDocument.update({ where: { id }, data: { chunkCount, tokenCount } });
  }

  async remove(id: string): Promise<void> {
    // Chunks, their vectors and the upload go with the document (ON DELETE CASCADE).
    await this.db.knowledgeDocument.deleteMany({ where: { id } });
  }

  replaceChunks(document: { id: string; assistantId: string }, chunks: ChunkToStore[], generation?: number): Promise<void> {
    return replaceChunks(this.sql, document, chunks, generation);
  }

  async chunkIds(documentId: string, generation: number): Promise<string[]> {
    const rows = await this.sql.query<{ id: string }>(`SELECT id FROM chunks WHERE document_id = $1::uuid AND generation = $2`, [documentId, generation]);
    return rows.map((row) => row.id);
  }

  async chunkIdsBesides(documentId: string, generation: number): Promise<string[]> {
    const rows = await this.sql.query<{ id: string }>(`SELECT id FROM chunks WHERE document_id = $1::uuid AND generation <> $2`, [documentId, generation]);
    return rows.map((row) => row.id);
  }

  async chunksAt(documentId: string, generation: number, from: number, to: number): Promise<StoredChunk[]> {
    const rows = await this.sql.query<{ id: string; assistant_id: string; text: string; metadata: Record<string, unknown> | null }>(
      `SELECT id, assistant_id, text, metadata FROM chunks WHERE document_id = $1::uuid AND generation = $4 AND position >= $2 AND position < $3 ORDER BY position`,
      [documentId, from, to, generation],
    );
    return rows.map((c) => ({ id: c.id, assistantId: c.assistant_id, text: c.text, metadata: c.metadata }));
  }

  async removeChunks(chunkIds: string[]): Promise<void> {
    if (chunkIds.length) await this.sql.query(`DELETE FROM chunks WHERE id = ANY ($1::uuid[])`, [chunkIds]);
  }

  async goLive(id: string, generation: number): Promise<void> {
    const [counts] = await this.sql.query<{ chunks: number; tokens: number }>(
      `SELECT count(*)::int AS chunks, coalesce(sum(token_count), 0)::int AS tokens FROM chunks WHERE document_id = $1::uuid AND generation = $2`,
      [id, generation],
    );
    await this.db.knowledgeDocument.updateMany({ where: { id }, data: { liveGeneration: generation, chunkCount: counts.chunks, tokenCount: counts.tokens } });
  }
}

const NO_ERROR = { error: null, errorCode: null, errorParams: Prisma.DbNull };

/** The error columns together: a text without a code (a caller that has none) clears any earlier code. */
function errorColumns(error: string | null, problem?: DocumentErrorCode | null) {
  if (error === null) return NO_ERROR;
  return { error, errorCode: problem?.code ?? null, errorParams: problem?.params ?? Prisma.DbNull };
}
