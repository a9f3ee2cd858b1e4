import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** What a view shows in place of a stored secret. */
export const MASKED_SECRET = '••••';

const VERSION = 'v1';

/**
 * Encrypts the secrets the product stores for others (a tool server's header and environment
 * values) with AES-256-GCM: a fresh 12-byte nonce per value, the tag checked on the way back, so a
 * value changed in the database is refused, not decrypted to garbage. The key is derived (HKDF) from
 * SECRETS_KEY or from the random one the product keeps in DATA_DIR.
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(secret: string) {
    if (secret.length < 32) throw new Error('the secrets key must be 32 characters or more');
    this.key = Buffer.from(hkdfSync('sha256', secret, 'assistants', 'stored secrets', 32));
  }

  /** `v1:` and base64url of nonce, tag and ciphertext. */
  seal(plain: string): string {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `${VERSION}:${Buffer.concat([nonce, cipher.getAuthTag(), sealed]).toString('base64url')}`;
  }

  /** The plain value; throws when it was not sealed with this key or was changed since. */
  open(sealed: string): string {
    const [version, body] = sealed.split(':');
    if (version !== VERSION || !body) throw new Error('not a sealed secret');
    const bytes = Buffer.from(body, 'base64url');
    if (bytes.length < 28) throw new Error('not a sealed secret');
    const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
  }
}
