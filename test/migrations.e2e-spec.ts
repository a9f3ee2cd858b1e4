import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs the drift check that compares prisma/migrations with schema.prisma (see scripts/prisma-migrations.mjs). */
function check(schemaPath?: string) {
  const args = ['scripts/prisma-migrations.mjs', 'check', ...(schemaPath ? ['--schema', schemaPath] : [])];
  return spawnSync(process.execPath, args, { cwd: join(__dirname, '..'), encoding: 'utf8', timeout: 120_000 });
}

describe('prisma migrations', () => {
  it('build exactly the database that schema.prisma describes', () => {
    const result = check();
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/migrations match prisma\/schema.prisma \(\d+ catalog entries compared\)/);
    expect(result.status).toBe(0);
  });

  it('are reported as out of date when the schema changes without a migration', () => {
    const schema = readFileSync(join(__dirname, '..', 'prisma', 'schema.prisma'), 'utf8');
    const changed = schema.replace(/(model User \{\n)/, '$1  nickname String?\n').replace('@@index([ownerId])\n  @@index([isPublic])', '@@index([ownerId])');
    expect(changed).not.toBe(schema);
    const path = join(mkdtempSync(join(tmpdir(), 'schema-')), 'schema.prisma');
    writeFileSync(path, changed);
    const result = check(path);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('"column_name":"nickname"');
    expect(result.stderr).toContain('assistants_is_public_idx');
  });
});
