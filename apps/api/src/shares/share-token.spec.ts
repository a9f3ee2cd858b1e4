import { hashShareToken, isShareToken, newShareToken, redactShareToken } from './share-token';

describe('share tokens', () => {
  it('are 32 random url-safe bytes, stored only as their SHA-256', () => {
    const { token, hash } = newShareToken();
    expect(isShareToken(token)).toBe(true);
    expect(hash).toBe(hashShareToken(token));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(newShareToken().token).not.toBe(token);
    expect(isShareToken('short')).toBe(false);
    expect(isShareToken(`${token}x`)).toBe(false);
  });

  it('are kept out of logged URLs', () => {
    const { token } = newShareToken();
    expect(redactShareToken(`/api/shared/${token}?x=1`)).toBe('/api/shared/[token]?x=1');
    expect(redactShareToken('/api/conversations')).toBe('/api/conversations');
    expect(redactShareToken(undefined)).toBeUndefined();
  });
});
