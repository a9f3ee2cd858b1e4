import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes, base64url: 43 characters. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** A new share token and the SHA-256 to store; the token itself is shown once and never stored. */
export function newShareToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashShareToken(token) };
}

export function hashShareToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Whether a string can be a share token at all: anything else is answered without a query. */
export function isShareToken(value: string): boolean {
  return TOKEN.test(value);
}

/** The URL as logs may keep it: a share link's token is replaced, so a log reader cannot open the conversation. */
export function redactShareToken(url: string | undefined): string | undefined {
  return url?.replace(/(\/shared\/)[^/?#]+/g, '$1[token]');
}
