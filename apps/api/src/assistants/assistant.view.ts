import { type AssistantView, type Caller, canSeeSystemPrompt, getSystemPrompt } from '@assistants/common';
import type { Assistant } from '@assistants/db';

export function averageRating(row: { ratingSum: number; ratingCount: number }): number | null {
  return row.ratingCount > 0 ? Math.round((row.ratingSum / row.ratingCount) * 100) / 100 : null;
}

/** The assistant as `caller` may see it: the system prompt only for whom canSeeSystemPrompt allows. */
export function toAssistantView(assistant: Assistant, caller: Caller | null): AssistantView {
  const prompt = canSeeSystemPrompt(assistant, caller) ? { systemPrompt: assistant.systemPrompt, effectiveSystemPrompt: getSystemPrompt(assistant) } : {};
  return {
    id: assistant.id,
    name: assistant.name,
    description: assistant.description,
    assistantType: assistant.assistantType,
    ...prompt,
    showPromptToUsers: assistant.showPromptToUsers,
    llmModel: assistant.llmModel,
    llmProviderId: assistant.llmProviderId,
    allowModelChoice: assistant.allowModelChoice,
    temperature: assistant.temperature,
    maxTokens: assistant.maxTokens,
    isPublic: assistant.isPublic,
    enableSearch: assistant.enableSearch,
    searchLimit: assistant.searchLimit,
    chunkSize: assistant.chunkSize,
    chunkOverlap: assistant.chunkOverlap,
    ownerId: assistant.ownerId,
    defaultTemplateId: assistant.defaultTemplateId,
    statistics: {
      totalConversations: assistant.totalConversations,
      totalMessages: assistant.totalMessages,
      averageRating: averageRating(assistant),
      ratingCount: assistant.ratingCount,
    },
    createdAt: assistant.createdAt.toISOString(),
    updatedAt: assistant.updatedAt.toISOString(),
  };
}
