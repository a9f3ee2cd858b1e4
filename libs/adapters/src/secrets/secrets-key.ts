import { type AppConfig, readOrCreateSecret } from '@assistants/config';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { SecretBox } from './secret-box';

/** The file in DATA_DIR that keeps the generated key when SECRETS_KEY is not set. */
export const SECRETS_KEY_FILE = 'secrets-key';

/**
 * The box stored secrets are sealed with: SECRETS_KEY when set, otherwise a random key made once
 * into DATA_DIR/secrets-key (mode 600). The API, the embedded runner and a worker on the same data
 * folder share that file; a worker elsewhere needs SECRETS_KEY, the same as the API's.
 */
export function createSecretBox(config: Pick<AppConfig, 'dataDir' | 'tools'>): SecretBox {
  return new SecretBox(config.tools.secretsKey ?? readOrCreateSecret(join(config.dataDir, SECRETS_KEY_FILE), () => randomBytes(48).toString('base64url')));
}
