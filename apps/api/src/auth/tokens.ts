import { createHash, randomBytes } from 'node:crypto';

export const API_KEY_PREFIX = 'ak_';

/** A new API key: the secret shown once, its hash to store, and a prefix people can recognise. */
export function newApiKey(): { key: string; hash: string; prefix: string } {
  const key = `${API_KEY_PREFIX}${randomBytes(24).toString('base64url')}`;
  return { key, hash: hashApiKey(key), prefix: key.slice(0, 11) };
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** What our access tokens (JWT) carry. `iat` counts whole seconds; `iat_ms` tells a token from just before a revocation from one just after. */
export interface SessionClaims {
  sub: string;
  iat_ms?: number;
  iat?: number;
  exp?: number;
}

/**
 * The issue time to put in a new token: now, but always after the account's last revocation, so a
 * sign-in right after a sign-out (or on an instance whose clock is a little behind) is not refused.
 */
export function sessionIssuedAt(tokensValidAfter: Date | null, now = Date.now()): number {
  return Math.max(now, (tokensValidAfter?.getTime() ?? 0) + 1);
}

/** When a token was issued (ms). A token from before `iat_ms` existed counts from the start of its second: in doubt, it is older. */
export function tokenIssuedAt(claims: Pick<SessionClaims, 'iat' | 'iat_ms'>): number {
  if (typeof claims.iat_ms === 'number' && Number.isFinite(claims.iat_ms)) return claims.iat_ms;
  return typeof claims.iat === 'number' && Number.isFinite(claims.iat) ? claims.iat * 1000 : 0;
}

/** Whether a token issued at `issuedAt` outlived the account's last revocation: one issued at or before it is dead. */
export function outlivesRevocation(issuedAt: number | undefined, tokensValidAfter: Date | null): boolean {
  return !tokensValidAfter || (issuedAt ?? 0) > tokensValidAfter.getTime();
}
