import type { Conversation, Message } from '@assistants/db';

export function toConversationView(conversation: Conversation) {
  return {
    id: conversation.id,
    assistantId: conversation.assistantId,
    userId: conversation.userId,
    title: conversation.title,
    status: conversation.status,
    messageCount: conversation.messageCount,
    contextSummary: conversation.contextSummary,
    lastMessageAt: conversation.lastMessageAt,
    createdAt: conversation.createdAt,
    updatedAt: conversation.updatedAt,
  };
}

export function toMessageView(message: Message) {
  return {
    id: message.id,
    conversationId: message.conversationId,
    role: message.role,
    content: message.content,
    status: message.status,
    error: message.error,
    replyToId: message.replyToId,
    templateId: message.templateId,
    searchResults: message.searchResults,
    llmRequest: message.llmRequest,
    timings: message.timings,
    processingTimeMs: message.processingTimeMs,
    usage:
      message.totalTokens === null
        ? null
        : { promptTokens: message.promptTokens, completionTokens: message.completionTokens, totalTokens: message.totalTokens },
    rating: message.rating,
    feedback: message.feedback,
    createdAt: message.createdAt,
  };
}
