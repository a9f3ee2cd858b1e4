import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  AcceptedTurnView,
  ConversationView,
  CreateConversationRequest,
  CursorPage,
  ExportConversationQuery,
  ExportFormat,
  ListConversationsQuery,
  ListedConversationStatus,
  ListMessagesQuery,
  MessageView,
  Page,
  RateMessageRequest,
  SendMessageRequest,
  ChooseVersionRequest,
  TaskView,
  UpdateConversationRequest,
} from '@assistants/common';
import { chatTurnTaskId } from '@assistants/common';
import { map } from 'rxjs';
import { queryParams } from '../../../core/api/query-params';

/** A message's template and its values; empty means the assistant's default template. */
export type TemplateSelection = Pick<SendMessageRequest, 'templateId' | 'variables'>;

const id = encodeURIComponent;

/** The REST calls of the chat screen: conversations, messages, tasks, ratings, export. */
@Injectable({ providedIn: 'root' })
export class ChatApiService {
  private readonly http = inject(HttpClient);

  /** `tag`: only the conversations with this tag. */
  conversations(assistantId: string, status: ListedConversationStatus, tag?: string | null) {
    const params = queryParams<ListConversationsQuery>({ assistantId, status, limit: 100, tag: tag ?? undefined });
    return this.http.get<Page<ConversationView>>('/api/conversations', { params }).pipe(map((page) => page.items));
  }

  /** Full-text search over titles and message content (the server's, stemmed); each result has a snippet. */
  searchConversations(assistantId: string, status: ListedConversationStatus, search: string) {
    const params = queryParams<ListConversationsQuery>({ assistantId, status, search, limit: 100 });
    return this.http.get<Page<ConversationView>>('/api/conversations', { params }).pipe(map((page) => page.items));
  }

  createConversation(assistantId: string, title?: string) {
    return this.http.post<ConversationView>('/api/conversations', { assistantId, ...(title ? { title } : {}) } satisfies CreateConversationRequest);
  }

  /** Replaces the conversation's tags (the server lower-cases them and drops repeats). */
  setTags(conversationId: string, tags: string[]) {
    return this.updateConversation(conversationId, { tags });
  }

  updateConversation(conversationId: string, change: UpdateConversationRequest) {
    return this.http.patch<ConversationView>(`/api/conversations/${id(conversationId)}`, change);
  }

  conversation(conversationId: string) {
    return this.http.get<ConversationView>(`/api/conversations/${id(conversationId)}`);
  }

  deleteConversation(conversationId: string) {
    return this.http.delete<void>(`/api/conversations/${id(conversationId)}`);
  }

  clearConversation(conversationId: string) {
    return this.http.post<unknown>(`/api/conversations/${id(conversationId)}/clear`, {});
  }

  /** The latest 200 messages, oldest first. */
  messages(conversationId: string) {
    const params = queryParams<ListMessagesQuery>({ limit: 200, order: 'desc' });
    return this.http
      .get<CursorPage<MessageView>>(`/api/conversations/${id(conversationId)}/messages`, { params })
      .pipe(map((page) => [...page.items].reverse()));
  }

  /** `template` carries the picked template and its variables (none: the assistant's default). */
  /** `editOf`: edit and resend, the id of the question this one replaces. */
  send(conversationId: string, content: string, template: TemplateSelection = {}, editOf?: string) {
    return this.http.post<AcceptedTurnView>(`/api/conversations/${id(conversationId)}/messages`, {
      content,
      ...template,
      clientMessageId: clientId(),
      ...(editOf && { editOf }),
    } satisfies SendMessageRequest);
  }

  /** A new version of an answer, written as a turn of its own. */
  regenerate(conversationId: string, answerId: string) {
    return this.http.post<AcceptedTurnView>(`/api/conversations/${id(conversationId)}/messages/${id(answerId)}/regenerate`, {});
  }

  /** Shows another version of a message (and the newest continuation of it). */
  chooseVersion(conversationId: string, messageId: string) {
    return this.http.put<void>(`/api/conversations/${id(conversationId)}/branch`, { messageId } satisfies ChooseVersionRequest);
  }

  task(taskId: string) {
    return this.http.get<TaskView>(`/api/tasks/${id(taskId)}`);
  }

  cancel(taskId: string) {
    return this.http.post<TaskView>(`/api/tasks/${id(taskId)}/cancel`, {});
  }

  retry(taskId: string) {
    return this.http.post<TaskView>(`/api/tasks/${id(taskId)}/retry`, {});
  }

  rate(messageId: string, rating: number, comment: string | null) {
    return this.http.put<unknown>(`/api/messages/${id(messageId)}/rating`, { rating, comment: comment || null } satisfies RateMessageRequest);
  }

  export(conversationId: string, format: ExportFormat) {
    const params = queryParams<ExportConversationQuery>({ format });
    return this.http.get(`/api/conversations/${id(conversationId)}/export`, { params, responseType: 'blob', observe: 'response' });
  }
}

/**
 * A chat turn's task id, derived as the server does: chat-<conversation>-<the question's id> for a
 * question's first answer, chat-<conversation>-<the answer's id> for a regenerated one.
 */
export function taskIdOf(answer: MessageView): string | null {
  if (!answer.replyToId) return null;
  const first = answer.versions?.[0] ?? answer.id;
  return chatTurnTaskId(answer.conversationId, first === answer.id ? answer.replyToId : answer.id);
}

/** An idempotency key; crypto.randomUUID exists only on secure origins, so plain http gets a random one too. */
function clientId(): string {
  return typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}
