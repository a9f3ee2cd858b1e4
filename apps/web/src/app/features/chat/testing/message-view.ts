import type { MessageView } from '@assistants/common';

/** A message as the server sends it, for specs: a finished empty user message, changed by `over`. */
export function messageView(over: Partial<MessageView> = {}): MessageView {
  return {
    id: 'm1',
    conversationId: 'c1',
    role: 'user',
    content: '',
    status: 'done',
    error: null,
    errorCode: null,
    errorParams: null,
    replyToId: null,
    parentId: null,
    versions: [],
    templateId: null,
    searchResults: null,
    llmRequest: null,
    timings: null,
    processingTimeMs: null,
    usage: null,
    rating: null,
    feedback: null,
    toolCalls: [],
    createdAt: '2026-01-01T00:00:00.000Z',
    ...over,
  };
}
