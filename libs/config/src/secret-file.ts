import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * A secret the product makes once and keeps in a file readable by its own user alone (mode 600,
 * put right if it was loosened): the JWT secret, and the key that will encrypt stored secrets
 * (libs/db keeps its own for the embedded server's password: the test set-up loads it without the
 * other libraries). `make` runs only when the file does not exist yet.
 */
export function readOrCreateSecret(file: string, make: () => string): string {
  if (existsSync(file)) {
    if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    return readFileSync(file, 'utf8').trim();
  }
  mkdirSync(dirname(file), { recursive: true });
  const secret = make();
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
