import type { KnowledgeDocument } from '@assistants/db';

export function toDocumentView(document: KnowledgeDocument) {
  return {
    id: document.id,
    assistantId: document.assistantId,
    filename: document.filename,
    mimeType: document.mimeType,
    sizeBytes: document.sizeBytes,
    checksum: document.checksum,
    status: document.status,
    progress: document.progress,
    error: document.error,
    chunkCount: document.chunkCount,
    tokenCount: document.tokenCount,
    taskId: `ingest-${document.id}`,
    createdAt: document.createdAt,
    updatedAt: document.updatedAt,
  };
}
