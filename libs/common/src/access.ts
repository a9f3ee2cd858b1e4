/** What an API key may do; people signed in with a JWT may do all of it. */
export const API_SCOPES = ['chat', 'read', 'admin'] as const;
export type ApiScope = (typeof API_SCOPES)[number];
/** Scopes a new key gets when none are chosen: talk to assistants and read, but manage nothing. */
export const DEFAULT_API_SCOPES: readonly ApiScope[] = ['chat', 'read'];

/** Who is asking: a signed-in person or a service account behind an API key. */
export interface Caller {
  id: string;
  email: string;
  role: 'admin' | 'member';
  via: 'jwt' | 'api-key';
  /** The API key's id when via 'api-key' (rate limits count per key). */
  keyId?: string;
  /** What this caller may do: every scope for a JWT, the key's own scopes for an API key. */
  scopes: readonly ApiScope[];
  /** When the access token was issued (ms): a sign-out or disable since then ends it. JWT only. */
  issuedAt?: number;
  /** When the token or key stops working (ms), so a socket opened with it can be closed then. */
  expiresAt?: number;
}

/** Whether the caller's credentials allow this kind of action (the role rules come on top). */
export function hasScope(caller: Caller | null | undefined, scope: ApiScope): boolean {
  return !!caller && (caller.via === 'jwt' || caller.scopes.includes(scope));
}

interface OwnedResource {
  ownerId: string;
  isPublic: boolean;
}

/** Whose rights a rule weighs: a caller, or a stored user (an assistant's owner when a chat turn runs). */
export type Principal = Pick<Caller, 'id' | 'role'>;

/** Owner, admins, and anyone (even anonymous) when the assistant or template is public. */
export function canUserAccess(resource: OwnedResource, caller: Principal | null | undefined): boolean {
  if (resource.isPublic) return true;
  return !!caller && (caller.role === 'admin' || caller.id === resource.ownerId);
}

/**
 * An assistant's system prompt (in its view and in what was sent to the model) is its owner's
 * work: the owner and admins read it; everyone else only when the owner turned showPromptToUsers on.
 */
export function canSeeSystemPrompt(assistant: { ownerId: string; showPromptToUsers: boolean }, caller: Principal | null | undefined): boolean {
  return assistant.showPromptToUsers || canUserEdit(assistant, caller);
}

/** Only the owner and admins change or delete. */
export function canUserEdit(resource: Pick<OwnedResource, 'ownerId'>, caller: Principal | null | undefined): boolean {
  return !!caller && (caller.role === 'admin' || caller.id === resource.ownerId);
}

/**
 * A tool server is used (read, linked to an assistant, called in a turn) by its owner, by admins, and
 * by every signed-in person once an admin shared it; it is changed only by its owner and admins
 * (canUserEdit). A turn weighs the assistant owner's rights at the time it calls, not at linking.
 */
export function canUseToolServer(server: { ownerId: string; shared: boolean }, caller: Principal | null | undefined): boolean {
  return !!caller && (server.shared || caller.role === 'admin' || caller.id === server.ownerId);
}

/**
 * Conversations are private to the user who started them. Admins may read any
 * (support, audit) but only the owner posts, clears, renames, archives or deletes.
 */
export type ConversationNeed = 'read' | 'write';
export function canUseConversation(conversation: { userId: string }, caller: Caller | null | undefined, need: ConversationNeed): boolean {
  if (!caller) return false;
  if (caller.id === conversation.userId) return true;
  return need === 'read' && caller.role === 'admin';
}

/**
 * A share link is opened by anyone who has it ('anyone'), or by any signed-in person of this instance
 * ('signed_in'). Making, listing and revoking links is the conversation's owner's (canUseConversation 'write').
 */
export function canOpenShare(share: { audience: 'signed_in' | 'anyone' }, caller: Caller | null | undefined): boolean {
  return share.audience === 'anyone' || !!caller;
}

/**
 * Who may make an API key for an account: its holder, and administrators for service accounts, which
 * cannot sign in to make their own. A key for anyone else would let an administrator act as them.
 */
export function canIssueApiKey(account: { id: string; isServiceAccount: boolean }, caller: Caller | null | undefined): boolean {
  return !!caller && (caller.id === account.id || (caller.role === 'admin' && account.isServiceAccount));
}
