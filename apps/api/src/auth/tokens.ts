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
