import type { IsoDateTime, ViewKeys } from './keys';

export type ConversationStatus = 'active' | 'archived' | 'deleted';

/** The statuses a caller lists by and sets (archive, restore); a deleted conversation is gone from the API. */
export const LISTED_CONVERSATION_STATUSES = ['active', 'archived'] as const;
export type ListedConversationStatus = (typeof LISTED_CONVERSATION_STATUSES)[number];

export interface ConversationView {
  id: string;
  assistantId: string;
  userId: string;
  title: string;
  status: ConversationStatus;
  messageCount: number;
  /** Running summary of the turns that no longer fit the prompt. */
  contextSummary: string | null;
  lastMessageAt: IsoDateTime | null;
  /** The template {{variable}} values last sent in this conversation, offered again for the next message. */
  templateVariables: Record<string, string>;
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
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
  createdAt: 'required',
  updatedAt: 'required',
};
