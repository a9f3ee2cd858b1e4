import { SecretBox } from './secret-box';

describe('SecretBox', () => {
  const box = new SecretBox('a-secrets-key-of-at-least-32-characters');

  it('gives back what it sealed, and seals the same value differently each time', () => {
    const sealed = box.seal('Bearer sk-live-123 ключ');
    expect(sealed).toMatch(/^v1:[\w-]+$/);
    expect(sealed).not.toContain('sk-live');
    expect(box.seal('Bearer sk-live-123 ключ')).not.toBe(sealed);
    expect(box.open(sealed)).toBe('Bearer sk-live-123 ключ');
    expect(box.open(box.seal(''))).toBe('');
  });

  it('refuses a value changed in storage, sealed with another key, or not sealed at all', () => {
    const sealed = box.seal('token');
    const bytes = Buffer.from(sealed.slice(3), 'base64url');
    bytes[bytes.length - 1] ^= 1;
    expect(() => box.open(`v1:${bytes.toString('base64url')}`)).toThrow();
    expect(() => new SecretBox('another-secrets-key-of-32-characters!!').open(sealed)).toThrow();
    expect(() => box.open('token')).toThrow('not a sealed secret');
    expect(() => box.open('v1:AAAA')).toThrow('not a sealed secret');
  });

  it('wants a key of 32 characters or more', () => {
    expect(() => new SecretBox('short')).toThrow('32 characters');
  });
});
