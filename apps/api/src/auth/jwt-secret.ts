import { type AppConfig, readOrCreateSecret } from '@assistants/config';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

/**
 * JWT_SECRET when set; otherwise a random secret kept in DATA_DIR, so tokens
 * survive restarts of the embedded mode without any setup.
 */
export function resolveJwtSecret(config: AppConfig): string {
  return config.jwt.secret ?? readOrCreateSecret(join(config.dataDir, 'jwt-secret'), () => randomBytes(48).toString('base64url'));
}
