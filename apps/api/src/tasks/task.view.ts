import type { TaskView } from '@assistants/common';
import type { DocumentRecord, MessageRecord, TaskRecord } from '@assistants/domain';
import { toMessageView } from '../conversations/conversation.view';
import { toDocumentView } from '../knowledge/document.view';

/** `promptVisible`: whether the reader may see the system prompt in the answer's llmRequest (see toMessageView). */
export function toTaskView(task: TaskRecord, related: { message?: MessageRecord | null; document?: DocumentRecord | null }, promptVisible: boolean): TaskView {
  return {
    id: task.id,
    kind: task.kind,
    status: task.status,
    progress: task.progress,
    error: task.error,
    runner: task.runner,
    attempt: task.attempt,
    conversationId: task.conversationId,
    userMessageId: task.userMessageId,
    assistantMessageId: task.assistantMessageId,
    documentId: task.documentId,
    items: task.itemsTotal === null ? null : { done: task.itemsDone ?? 0, total: task.itemsTotal },
    createdAt: task.createdAt.toISOString(),
    updatedAt: task.updatedAt.toISOString(),
    finishedAt: task.finishedAt?.toISOString() ?? null,
    ...(related.message !== undefined && { message: related.message && toMessageView(related.message, promptVisible) }),
    ...(related.document !== undefined && { document: related.document && toDocumentView(related.document) }),
  };
}
