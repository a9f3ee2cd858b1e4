import type { DocumentView } from '@assistants/common';
import type { DocumentRecord } from '@assistants/domain';
import { ingestWorkflowId } from '@assistants/workflows';
import { storedParams } from '../common/stored-params';

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
    errorParams: storedParams(document.errorParams),
    chunkCount: document.chunkCount,
    tokenCount: document.tokenCount,
    taskId: ingestWorkflowId(document.id),
    createdAt: document.createdAt.toISOString(),
    updatedAt: document.updatedAt.toISOString(),
  };
}
