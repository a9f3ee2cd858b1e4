import type { DocumentView } from '@assistants/common';
import type { DocumentRecord } from '@assistants/domain';
import { ingestWorkflowId } from '@assistants/workflows';

export function toDocumentView(document: DocumentRecord): DocumentView {
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
    errorCode: document.errorCode,
    errorParams: paramsOf(document.errorParams),
    chunkCount: document.chunkCount,
    tokenCount: document.tokenCount,
    taskId: ingestWorkflowId(document.id),
    createdAt: document.createdAt.toISOString(),
    updatedAt: document.updatedAt.toISOString(),
  };
}

/** Stored params as the view has them: an object of strings and numbers, or null. */
function paramsOf(stored: unknown): Record<string, string | number> | null {
  if (!stored || typeof stored !== 'object' || Array.isArray(stored)) return null;
  return Object.fromEntries(Object.entries(stored).filter((entry): entry is [string, string | number] => ['string', 'number'].includes(typeof entry[1])));
}
