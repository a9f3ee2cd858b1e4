import type { IsoDateTime, ViewKeys } from './keys';
import type { MessageRole, MessageStatus } from './message';

/** Who may open a share link: any signed-in user of this instance (the default), or anyone with the link. */
export const SHARE_AUDIENCES = ['signed_in', 'anyone'] as const;
export type ShareAudience = (typeof SHARE_AUDIENCES)[number];

/** A share link as its owner lists it: never the token, which is shown once, when the link is made. */
export interface ConversationShareView {
  id: string;
  audience: ShareAudience;
  createdAt: IsoDateTime;
}

export const CONVERSATION_SHARE_KEYS: ViewKeys<ConversationShareView> = { id: 'required', audience: 'required', createdAt: 'required' };

/** A link just made: the token and the page's path (`/shared/<token>`), this once. */
export interface CreatedShareView extends ConversationShareView {
  token: string;
  url: string;
}

/** A passage an answer cites, as a shared conversation shows it. */
export interface SharedSourceView {
  citation: number;
  filename: string;
  page: number | null;
  text: string;
}

/** One message of a shared conversation: what was said, never what was sent to the model. */
export interface SharedMessageView {
  id: string;
  role: Exclude<MessageRole, 'system'>;
  content: string;
  status: MessageStatus;
  createdAt: IsoDateTime;
  sources: SharedSourceView[];
}

/** A conversation as a share link shows it: read-only, the chosen branch only. */
export interface SharedConversationView {
  title: string;
  assistantName: string;
  createdAt: IsoDateTime;
  audience: ShareAudience;
  messages: SharedMessageView[];
  /** More messages than a shared page shows (the first ones are shown). */
  truncated: boolean;
}

export const SHARED_CONVERSATION_KEYS: ViewKeys<SharedConversationView> = {
  title: 'required',
  assistantName: 'required',
  createdAt: 'required',
  audience: 'required',
  messages: 'required',
  truncated: 'required',
};

export interface CreateShareRequest {
  audience?: ShareAudience;
}
