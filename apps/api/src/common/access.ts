import {
  type Caller,
  canIssueApiKey,
  canOpenShare,
  canUseConversation,
  canUseToolServer,
  canUserAccess,
  canUserEdit,
  type ConversationNeed,
  type ResourceKind,
} from '@assistants/common';
import { ForbiddenException, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { problemText } from './errors/problem-text';

export type AccessNeed = 'read' | 'edit';

/**
 * The one place that turns the access rules into HTTP answers: 404 for what
 * does not exist, 401 for anonymous callers, 403 for callers without rights.
 */
export function assertAccess<T extends { ownerId: string; isPublic: boolean }>(
  resource: T | null,
  caller: Caller | null,
  need: AccessNeed,
  what: ResourceKind,
  id: string,
): T {
  if (!resource) throw new NotFoundException(problemText('resource.id_unknown', { kind: what, id }));
  const allowed = need === 'read' ? canUserAccess(resource, caller) : canUserEdit(resource, caller);
  if (allowed) return resource;
  if (!caller) throw new UnauthorizedException(problemText('access.sign_in_to_use', { kind: what }));
  throw new ForbiddenException(problemText(need === 'read' ? 'access.no_read' : 'access.owner_only', { kind: what }));
}

/** The conversation rule as HTTP answers: admins read any conversation, only its owner changes it. */
export function assertConversationAccess<T extends { userId: string }>(
  row: T | null,
  caller: Caller,
  need: ConversationNeed,
  what: ResourceKind,
  id: string,
): T {
  if (!row) throw new NotFoundException(problemText('resource.id_unknown', { kind: what, id }));
  if (canUseConversation(row, caller, need)) return row;
  throw new ForbiddenException(need === 'read' ? problemText('access.no_read', { kind: what }) : problemText('conversation.owner_only'));
}

/** The API-key rule as HTTP answers: 404 for an unknown account, 403 for a person who is not the caller. */
export function assertCanIssueApiKey<T extends { id: string; isServiceAccount: boolean }>(account: T | null, caller: Caller, id: string): T {
  if (!account) throw new NotFoundException(problemText('resource.id_unknown', { kind: 'user', id }));
  if (canIssueApiKey(account, caller)) return account;
  throw new ForbiddenException(problemText('auth.api_key_service_accounts_only'));
}

/** The tool-server rules as HTTP answers: owner, admins and (once shared) every member use it; only owner and admins change it. */
export function assertToolServerAccess<T extends { ownerId: string; shared: boolean }>(server: T | null, caller: Caller, need: 'use' | 'edit', id: string): T {
  if (!server) throw new NotFoundException(problemText('resource.id_unknown', { kind: 'tool_server', id }));
  if (need === 'use' ? canUseToolServer(server, caller) : canUserEdit(server, caller)) return server;
  throw new ForbiddenException(need === 'use' ? problemText('tool_server.no_access') : problemText('access.owner_only', { kind: 'tool_server' }));
}

/** The share-link rule as HTTP answers: 404 for an unknown or revoked link, 401 for a signed-in-only link opened anonymously. */
export function assertShareAccess<T extends { audience: 'signed_in' | 'anyone' }>(share: T | null, caller: Caller | null): T {
  if (!share) throw new NotFoundException(problemText('share.not_found'));
  if (canOpenShare(share, caller)) return share;
  throw new UnauthorizedException(problemText('share.sign_in_required'));
}
