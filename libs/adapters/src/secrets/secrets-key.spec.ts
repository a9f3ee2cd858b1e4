import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecretBox } from './secret-box';
import { createSecretBox } from './secrets-key';

describe('createSecretBox', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'secrets-key-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('uses SECRETS_KEY when set, and writes no key file', () => {
    const secretsKey = 'a-configured-secrets-key-of-32-characters';
    const sealed = createSecretBox({ dataDir, tools: { secretsKey } as never }).seal('token');
    expect(new SecretBox(secretsKey).open(sealed)).toBe('token');
    expect(() => statSync(join(dataDir, 'secrets-key'))).toThrow();
  });

  it('otherwise makes a key in DATA_DIR once (mode 600), so every process on that folder opens what another sealed', () => {
    const config = { dataDir, tools: {} as never };
    const sealed = createSecretBox(config).seal('token');
    const file = join(dataDir, 'secrets-key');
    expect(readFileSync(file, 'utf8').length).toBeGreaterThanOrEqual(32);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(createSecretBox(config).open(sealed)).toBe('token');

    const elsewhere = mkdtempSync(join(tmpdir(), 'secrets-key-'));
    try {
      expect(() => createSecretBox({ dataDir: elsewhere, tools: {} as never }).open(sealed)).toThrow();
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});
