import {
  type ConversationView,
  type LlmRequestView,
  type MessageSource,
  type MessageTimings,
  type MessageView,
  type ToolCallView,
  withSystemPromptHidden,
} from '@assistants/common';
import type { Conversation } from '@assistants/db';
import type { MessageRecord, MessageVersions } from '@assistants/domain';
import { storedParams } from '../common/stored-params';

export function toConversationView(conversation: Conversation): ConversationView {
  return {
    id: conversation.id,
    assistantId: conversation.assistantId,
    userId: conversation.userId,
    title: conversation.title,
    status: conversation.status,
    messageCount: conversation.messageCount,
    contextSummary: conversation.contextSummary,
    lastMessageAt: conversation.lastMessageAt?.toISOString() ?? null,
    templateVariables: (conversation.templateVariables as Record<string, string> | null) ?? {},
    pinned: conversation.pinnedAt !== null,
    tags: conversation.tags,
    createdAt: conversation.createdAt.toISOString(),
    updatedAt: conversation.updatedAt.toISOString(),
  };
}

/**
 * A message as its reader may see it: `promptVisible` (canSeeSystemPrompt for the conversation's
 * assistant) decides whether the system message in llmRequest keeps its text.
 */
export function toMessageView(message: MessageRecord, promptVisible: boolean, versions: string[] = [message.id]): MessageView {
  const llmRequest = message.llmRequest as LlmRequestView | null;
  return {
    id: message.id,
    conversationId: message.conversationId,
    role: message.role,
    content: message.content,
    status: message.status,
    error: message.error,
    errorCode: message.errorCode,
    errorParams: storedParams(message.errorParams),
    replyToId: message.replyToId,
    parentId: message.parentId,
    versions,
    templateId: message.templateId,
    // JSON columns: the chat activities write them typed with these same views (storeAnswer).
    searchResults: message.searchResults as MessageSource[] | null,
    llmRequest: llmRequest && !promptVisible ? withSystemPromptHidden(llmRequest) : llmRequest,
    timings: message.timings as MessageTimings | null,
    processingTimeMs: message.processingTimeMs,
    usage:
      message.totalTokens === null
        ? null
        : { promptTokens: message.promptTokens ?? 0, completionTokens: message.completionTokens ?? 0, totalTokens: message.totalTokens },
    rating: message.rating,
    feedback: message.feedback,
    toolCalls: (message.toolCalls as ToolCallView[] | null) ?? [],
    createdAt: message.createdAt.toISOString(),
  };
}

/** Each message's versions, from the groups MessageStore.versions answers. */
export function versionsOf(groups: MessageVersions[]): (message: Pick<MessageRecord, 'id' | 'parentId' | 'role'>) => string[] {
  const byKey = new Map(groups.map((g) => [`${g.parentId}|${g.role}`, g.ids]));
  return (message) => byKey.get(`${message.parentId}|${message.role}`) ?? [message.id];
}
