import type { DocumentStatus } from '@assistants/common';

/** A row of `knowledge_documents`. */
/** Why a document failed, as a stable 'document.*' problem code and its params, stored beside the English text. */
export interface DocumentErrorCode {
  code: string;
  params?: Record<string, string | number>;
}

export interface DocumentRecord {
  id: string;
  assistantId: string;
  uploadedById: string | null;
  /** Set for a file attached to one conversation (outside the knowledge base). */
  conversationId: string | null;
  filename: string;
  mimeType: string;
  sizeBytes: number;
  checksum: string;
  status: DocumentStatus;
  error: string | null;
  /** The error's code and params (see DocumentErrorCode); null beside an error recorded before codes. */
  errorCode: string | null;
  errorParams: unknown;
  progress: number;
  chunkCount: number;
  tokenCount: number;
  liveGeneration: number | null;
  createdAt: Date;
  updatedAt: Date;
}

/** An upload as it is accepted, before its bytes are stored. */
export interface NewDocument {
  id: string;
  assistantId: string;
  uploadedById: string;
  filename: string;
  mimeType: string;
  sizeBytes: number;
  checksum: string;
  /** A file attached to one conversation, outside the assistant's knowledge base. */
  conversationId?: string;
}

/** A chunk as ingest makes it. */
export interface ChunkToStore {
  position: number;
  text: string;
  tokenCount: number;
  metadata: object;
}

/** A stored chunk as the indexes take it. */
export interface StoredChunk {
  id: string;
  assistantId: string;
  text: string;
  metadata: Record<string, unknown> | null;
}

/**
 * The one writer of documents, their uploaded bytes and their chunks: a document is registered with
 * its upload, ingest moves its status and replaces its chunks (a re-index in a generation of its
 * own, swapped in at once), and clean-up removes it. The uploads and chunks go through the
 * database's own connection in short statements, never inside `Stores.transaction`.
 */
export interface DocumentStore {
  find(id: string): Promise<DocumentRecord | null>;
  /** Throws (the database's not-found error) when the document is gone. */
  get(id: string): Promise<DocumentRecord>;
  /** The document with its assistant's chunking settings: what ingest reads first. */
  findForIngest(id: string): Promise<(DocumentRecord & { assistant: { chunkSize: number; chunkOverlap: number } }) | null>;
  /** An assistant's documents, newest first. */
  list(assistantId: string): Promise<DocumentRecord[]>;
  count(assistantId: string): Promise<number>;
  countReady(assistantId: string): Promise<number>;
  /** The ids of an assistant's ready documents, oldest first. */
  listReadyIds(assistantId: string): Promise<string[]>;
  /** A document of the assistant with this content that has not failed. */
  findDuplicate(assistantId: string, checksum: string): Promise<DocumentRecord | null>;
  /** The files attached to a conversation, oldest first. */
  listForConversation(conversationId: string): Promise<DocumentRecord[]>;
  /** Removes a conversation's files with their chunks, vectors and uploads; answers how many went. */
  removeForConversation(conversationId: string): Promise<number>;

  /** A new upload's row, queued; its bytes follow with storeUpload. */
  register(document: NewDocument): Promise<DocumentRecord>;
  /** Stores an upload in short parts; the document row must exist (its removal removes them). */
  storeUpload(id: string, bytes: Uint8Array): Promise<void>;
  /** The stored upload, or null when it is gone or not all of its `sizeBytes` are there (an upload cut short). */
  readUpload(id: string, sizeBytes: number): Promise<Uint8Array | null>;

  /** Queued for a re-index if it is ready or failed; false when it is busy (or gone). Conditional, so two requests at once start it once. */
  queueReindex(id: string): Promise<boolean>;
  /** Taken by an assistant's re-index if it is still ready; false otherwise. */
  takeForReindex(id: string): Promise<boolean>;
  /** Queued again (its ingest retried). */
  requeue(id: string): Promise<void>;
  /**
   * Ingest's status: a failed re-index leaves the document searchable in its previous index (still
   * ready, with the reason), and the first ingest's chunks (generation 0) go live when it is ready.
   * Answers the status the document took.
   */
  recordIngest(id: string, status: DocumentStatus, progress: number, error: string | null, problem?: DocumentErrorCode | null): Promise<DocumentStatus>;
  /** A batch's progress: processing, only forward, and never out of ready or failed (the ingest may have ended meanwhile). */
  markProcessing(id: string, progress: number): Promise<void>;
  /** An ingest that could not start: failed, or still ready (with the reason) when a previous index is live. */
  endIngest(id: string, error: string, problem?: DocumentErrorCode): Promise<void>;
  setCounts(id: string, counts: { chunkCount: number; tokenCount: number }): Promise<void>;
  /** Removes the document; its chunks and upload go with it. */
  remove(id: string): Promise<void>;

  /**
   * Replaces the document's chunks (of one generation when given, else all) in short batches. Not one
   * transaction; deleting first keeps a retried write to exactly one copy, and search reads only the
   * live generation of documents.
   */
  replaceChunks(document: { id: string; assistantId: string }, chunks: ChunkToStore[], generation?: number): Promise<void>;
  chunkIds(documentId: string, generation: number): Promise<string[]>;
  /** The ids of the document's chunks of every other generation. */
  chunkIdsBesides(documentId: string, generation: number): Promise<string[]>;
  /** The chunks at positions [from, to) of one generation, in order. */
  chunksAt(documentId: string, generation: number, from: number, to: number): Promise<StoredChunk[]>;
  removeChunks(chunkIds: string[]): Promise<void>;
  /** Makes `generation` the one search reads, with its counts, in one statement: never a mix of two. */
  goLive(id: string, generation: number): Promise<void>;
}
