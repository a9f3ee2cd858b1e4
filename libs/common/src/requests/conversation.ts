import type { PageQuery } from '../pagination';
import type { ListedConversationStatus } from '../views/conversation';

/** POST /api/conversations. */
export interface CreateConversationRequest {
  assistantId: string;
  /** Left out: untitled, stored as an empty title (clients show their own placeholder, in the reader's language). */
  title?: string;
}

/** PATCH /api/conversations/:id: rename, archive or restore (DELETE deletes). */
export interface UpdateConversationRequest {
  title?: string;
  status?: ListedConversationStatus;
  /** true pins it (first in the list), false unpins it. */
  pinned?: boolean;
  /** Replaces its tags: at most MAX_CONVERSATION_TAGS, each 1 to MAX_CONVERSATION_TAG_LENGTH characters. */
  tags?: string[];
}

export const MAX_CONVERSATION_TAGS = 10;
export const MAX_CONVERSATION_TAG_LENGTH = 32;
/** The longest ?search= the list accepts. */
export const MAX_CONVERSATION_SEARCH_LENGTH = 200;

/** GET /api/conversations: the caller's own. */
export interface ListConversationsQuery extends PageQuery {
  assistantId?: string;
  /** Left out: 'active'. */
  status?: ListedConversationStatus;
  /** Full text over titles and message content (English and Russian stemming); each result carries a snippet. */
  search?: string;
  /** Only conversations with this tag. */
  tag?: string;
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
