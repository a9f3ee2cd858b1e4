import type { IsoDateTime, ViewKeys } from './keys';

export type ConversationStatus = 'active' | 'archived' | 'deleted';

/** The statuses a caller lists by and sets (archive, restore); a deleted conversation is gone from the API. */
export const LISTED_CONVERSATION_STATUSES = ['active', 'archived'] as const;
export type ListedConversationStatus = (typeof LISTED_CONVERSATION_STATUSES)[number];

export interface ConversationView {
  id: string;
  assistantId: string;
  userId: string;
  /** Empty until someone titles it: clients show their own placeholder, in the reader's language. */
  title: string;
  status: ConversationStatus;
  messageCount: number;
  /** Running summary of the turns that no longer fit the prompt. */
  contextSummary: string | null;
  lastMessageAt: IsoDateTime | null;
  /** The template {{variable}} values last sent in this conversation, offered again for the next message. */
  templateVariables: Record<string, string>;
  /** Pinned conversations come first in the list. */
  pinned: boolean;
  tags: string[];
  /** Only in results of ?search=: the matching excerpt as plain-text parts, `match` marking the words found. */
  snippet?: SnippetPart[];
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
}

/** A piece of a search snippet: plain text (render it as text, never as HTML). */
export interface SnippetPart {
  text: string;
  match: boolean;
}

export const CONVERSATION_VIEW_KEYS: ViewKeys<ConversationView> = {
  id: 'required',
  assistantId: 'required',
  userId: 'required',
  title: 'required',
  status: 'required',
  messageCount: 'required',
  contextSummary: 'required',
  lastMessageAt: 'required',
  templateVariables: 'required',
  pinned: 'required',
  tags: 'required',
  snippet: 'optional',
  createdAt: 'required',
  updatedAt: 'required',
};
