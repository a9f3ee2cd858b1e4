import type { PageQuery } from '../pagination';
import type { ListedConversationStatus } from '../views/conversation';

/** POST /api/conversations. */
export interface CreateConversationRequest {
  assistantId: string;
  /** Left out: "New conversation". */
  title?: string;
}

/** PATCH /api/conversations/:id: rename, archive or restore (DELETE deletes). */
export interface UpdateConversationRequest {
  title?: string;
  status?: ListedConversationStatus;
}

/** GET /api/conversations: the caller's own. */
export interface ListConversationsQuery extends PageQuery {
  assistantId?: string;
  /** Left out: 'active'. */
  status?: ListedConversationStatus;
}

/** GET /api/conversations/:id/messages: cursor paging. */
export interface ListMessagesQuery {
  /** nextCursor of the previous page. */
  cursor?: string;
  /** Left out: 50. */
  limit?: number;
  /** asc (the default): oldest first; desc: newest first. */
  order?: 'asc' | 'desc';
}

export const EXPORT_FORMATS = ['md', 'json', 'txt', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** GET /api/conversations/:id/export. */
export interface ExportConversationQuery {
  /** Left out: 'md'. */
  format?: ExportFormat;
}
