import {
  type Caller,
  canIssueApiKey,
  canOpenShare,
  canUseConversation,
  canUseToolServer,
  canUserAccess,
  canUserEdit,
  type ConversationNeed,
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
  what: string,
  id: string,
): T {
  if (!resource) throw new NotFoundException(`No ${what} has id ${id}.`);
  const allowed = need === 'read' ? canUserAccess(resource, caller) : canUserEdit(resource, caller);
  if (allowed) return resource;
  if (!caller) throw new UnauthorizedException(`Sign in to use this ${what}.`);
  throw new ForbiddenException(need === 'read' ? `You do not have access to this ${what}.` : `Only the owner or an administrator may change this ${what}.`);
}

/** The conversation rule as HTTP answers: admins read any conversation, only its owner changes it. */
export function assertConversationAccess<T extends { userId: string }>(row: T | null, caller: Caller, need: ConversationNeed, what: string, id: string): T {
  if (!row) throw new NotFoundException(`No ${what} has id ${id}.`);
  if (canUseConversation(row, caller, need)) return row;
  throw new ForbiddenException(need === 'read' ? `You do not have access to this ${what}.` : `Only the person who started this conversation may change it.`);
}

/** The API-key rule as HTTP answers: 404 for an unknown account, 403 for a person who is not the caller. */
export function assertCanIssueApiKey<T extends { id: string; isServiceAccount: boolean }>(account: T | null, caller: Caller, id: string): T {
  if (!account) throw new NotFoundException(`No user has id ${id}.`);
  if (canIssueApiKey(account, caller)) return account;
  throw new ForbiddenException('Administrators make API keys only for service accounts; everyone else makes their own at POST /api/auth/api-keys.');
}

/** The tool-server rules as HTTP answers: owner, admins and (once shared) every member use it; only owner and admins change it. */
export function assertToolServerAccess<T extends { ownerId: string; shared: boolean }>(server: T | null, caller: Caller, need: 'use' | 'edit', id: string): T {
  if (!server) throw new NotFoundException(`No tool server has id ${id}.`);
  if (need === 'use' ? canUseToolServer(server, caller) : canUserEdit(server, caller)) return server;
  throw new ForbiddenException(
    need === 'use'
      ? 'You do not have access to this tool server: it is neither yours nor shared.'
      : 'Only the owner or an administrator may change this tool server.',
  );
}

/** The share-link rule as HTTP answers: 404 for an unknown or revoked link, 401 for a signed-in-only link opened anonymously. */
export function assertShareAccess<T extends { audience: 'signed_in' | 'anyone' }>(share: T | null, caller: Caller | null): T {
  if (!share) throw new NotFoundException(problemText('share.not_found'));
  if (canOpenShare(share, caller)) return share;
  throw new UnauthorizedException(problemText('share.sign_in_required'));
}
