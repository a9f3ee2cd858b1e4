import { outlivesRevocation, sessionIssuedAt, tokenIssuedAt } from './tokens';

describe('access-token issue times', () => {
  const revokedAt = new Date('2026-12-01T10:00:00.400Z');
  const second = Math.floor(revokedAt.getTime() / 1000);

  it('kills a token issued earlier in the same second as the revocation, and keeps one issued just after', () => {
    expect(outlivesRevocation(tokenIssuedAt({ iat: second, iat_ms: revokedAt.getTime() - 100 }), revokedAt)).toBe(false);
    expect(outlivesRevocation(tokenIssuedAt({ iat: second, iat_ms: revokedAt.getTime() + 1 }), revokedAt)).toBe(true);
  });

  it('counts a token without iat_ms from the start of its second, so one from the second of the revocation is dead', () => {
    expect(tokenIssuedAt({ iat: second })).toBe(second * 1000);
    expect(outlivesRevocation(tokenIssuedAt({ iat: second }), revokedAt)).toBe(false);
    expect(outlivesRevocation(tokenIssuedAt({}), revokedAt)).toBe(false);
  });

  it('issues new tokens after the last revocation, even in the same millisecond or with a clock behind it', () => {
    const now = revokedAt.getTime();
    for (const clock of [now, now - 2000]) expect(outlivesRevocation(sessionIssuedAt(revokedAt, clock), revokedAt)).toBe(true);
    expect(sessionIssuedAt(revokedAt, now + 5000)).toBe(now + 5000);
    expect(sessionIssuedAt(null, 42)).toBe(42);
  });

  it('keeps every token of an account never revoked', () => {
    expect(outlivesRevocation(undefined, null)).toBe(true);
  });
});
