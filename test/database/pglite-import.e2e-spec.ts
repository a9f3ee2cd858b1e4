import { importPglite, openDatabase } from '@assistants/db';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Pool } from 'pg';
import { startTestApp, type TestApp } from '../support/api-app';
import { scratchTarget } from '../support/test-database';

const root = join(__dirname, '..', '..');
const fixture = join(root, 'test', 'fixtures', 'pglite-v0');
const expected = JSON.parse(readFileSync(join(fixture, 'expected.json'), 'utf8')) as {
  people: Record<'admin' | 'alice' | 'bob', { email: string; password: string }>;
  apiKey: string;
  assistantId: string;
  searchQuery: string;
  searchFirstDocument: string;
  checksumSql: string;
  tables: Record<string, { rows: number; checksum: string }>;
};

/** A DATA_DIR as the PGlite version left it (test/fixtures/pglite-v0). */
function unpackFixture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pglite-import-'));
  const untar = spawnSync('tar', ['-xzf', join(fixture, 'data-dir.tar.gz'), '-C', dir]);
  if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr}`);
  return dir;
}

/** Columns added after the fixture was made (computed by the database, or their defaults, not data to move): left out of the checksums. */
const COLUMNS_ADDED_SINCE: Record<string, string[]> = {
  chunk_vectors: ['signs'],
  assistants: ['max_tool_rounds', 'llm_provider_id', 'allow_model_choice'],
  conversations: ['llm_provider_id', 'llm_model', 'template_variables', 'pinned_at', 'tags'],
  knowledge_documents: ['conversation_id', 'error_code', 'error_params'],
  messages: ['tool_calls', 'parent_id', 'active', 'error_code', 'error_params'],
  users: ['language', 'theme'],
};

/** The table as the fixture's version had it: its columns in order, less those added since. */
async function asFixtureHadIt(client: Client, table: string): Promise<string> {
  const added = COLUMNS_ADDED_SINCE[table];
  if (!added) return `"${table}"`;
  const { rows } = await client.query<{ name: string }>(
    `SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
    [table],
  );
  return `(SELECT ${rows
    .filter((c) => !added.includes(c.name))
    .map((c) => `"${c.name}"`)
    .join(', ')} FROM "${table}")`;
}

/** Row counts and checksums of every table, computed as the fixture's were (in UTC). */
async function checksums(url: string): Promise<Record<string, { rows: number; checksum: string }>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`SET TimeZone = 'UTC'`);
    const found: Record<string, { rows: number; checksum: string }> = {};
    for (const table of Object.keys(expected.tables))
      found[table] = (await client.query(expected.checksumSql.replace('"%TABLE%"', await asFixtureHadIt(client, table)))).rows[0];
    return found;
  } finally {
    await client.end();
  }
}

/** How a person connects to the embedded server: the port in postmaster.pid, the password beside the JWT secret. */
function embeddedUrl(dataDir: string): string {
  const port = readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[3];
  const password = readFileSync(join(dataDir, 'postgres-password'), 'utf8');
  return `postgresql://assistants:${encodeURIComponent(password)}@127.0.0.1:${port}/assistants`;
}

/** The product as a person starts it on that DATA_DIR: no DATABASE_URL, no admin to seed, the embedder the fixture used. */
const startProduct = (dataDir: string) =>
  startTestApp({ DATABASE_URL: '', DATA_DIR: dataDir, ADMIN_EMAIL: '', ADMIN_PASSWORD: '', EMBEDDING_BASE_URL: 'offline', EMBEDDING_MODEL: 'hashing' });

describe('a DATA_DIR of the PGlite version, at the first start of the embedded server', () => {
  let dataDir: string;
  let t: TestApp;
  beforeAll(async () => {
    dataDir = unpackFixture();
    t = await startProduct(dataDir);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('came across whole: every row of every table, vectors included, and the PGlite folder is kept under a new name', async () => {
    expect(t.db.kind).toBe('embedded-postgres');
    expect(await checksums(embeddedUrl(dataDir))).toEqual(expected.tables);
    expect(expected.tables.chunk_vectors.rows).toBeGreaterThan(0);
    const entries = readdirSync(dataDir);
    expect(entries).not.toContain('pgdata');
    expect(entries.filter((name) => /^pgdata\.migrated-\d{4}-\d\d-\d\dT/.test(name))).toHaveLength(1);
  });

  it('lets its people sign in with their passwords and keys, and finds their document', async () => {
    const { alice, bob } = expected.people;
    const login = await t.http().post('/api/auth/login').send({ email: alice.email, password: alice.password }).expect(200);
    await t.http().post('/api/auth/login').send({ email: bob.email, password: bob.password }).expect(200);
    await t.http().post('/api/auth/login').send({ email: alice.email, password: bob.password }).expect(401);
    const auth = { Authorization: `Bearer ${login.body.accessToken}` };
    const search = await t.http().post(`/api/assistants/${expected.assistantId}/search`).set(auth).send({ query: expected.searchQuery }).expect(200);
    expect(search.body.passages[0]).toMatchObject({ documentId: expected.searchFirstDocument, documentName: 'handbook.md' });
    const legs = search.body.legs as { leg: string; status: string }[];
    expect(legs.filter((leg) => leg.status !== 'ok')).toEqual([]);
    expect(legs.map((leg) => leg.leg)).toEqual(expect.arrayContaining(['text', 'vector']));
    const viaKey = await t
      .http()
      .get('/api/conversations')
      .set({ Authorization: `Bearer ${expected.apiKey}` })
      .expect(200);
    expect(viaKey.body.items.map((c: { title: string }) => c.title)).toContain('Leave question');
    const health = await t.http().get('/api/health').expect(200);
    expect(health.body.database).toMatchObject({ status: 'up', kind: 'embedded-postgres' });
  });

  it('is imported once: a restart keeps the data and imports nothing again', async () => {
    await t.close();
    t = await startProduct(dataDir);
    // The same rows (signing in with the key above moved its last_used_at, so counts, not checksums).
    const rows = (tables: Record<string, { rows: number }>) => Object.fromEntries(Object.entries(tables).map(([name, { rows }]) => [name, rows]));
    expect(rows(await checksums(embeddedUrl(dataDir)))).toEqual(rows(expected.tables));
  }, 120_000);
});

describe('importing a PGlite folder by hand', () => {
  const imported = (output: string) => /imported \d+ rows of \d+ tables/.test(output);

  it('moves it into the empty database DATABASE_URL names (npm run db:import-pglite), and refuses one holding data', async () => {
    const dataDir = unpackFixture();
    const scratch = await scratchTarget();
    const url = (scratch.target as { url: string }).url;
    const command = (from: string) =>
      spawnSync(process.execPath, ['-r', '@swc-node/register', join(root, 'apps/api/src/cli/import-pglite.ts'), '--from', from], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: url, DATA_DIR: dataDir },
        encoding: 'utf8',
      });
    try {
      const run = command(join(dataDir, 'pgdata'));
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(imported(run.stdout)).toBe(true);
      expect(await checksums(url)).toEqual(expected.tables);
      // Once more, from a second copy: the database holds data now, so the folder stays as it is.
      const again = unpackFixture();
      const refused = command(join(again, 'pgdata'));
      expect(refused.status).toBe(1);
      expect(refused.stdout).toMatch(/is left as it is, since the server already holds data/);
      expect(existsSync(join(again, 'pgdata'))).toBe(true);
      rmSync(again, { recursive: true, force: true });
    } finally {
      await scratch.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);

  it('imports nothing when a row fails, and leaves the folder where it was', async () => {
    const dataDir = unpackFixture();
    const scratch = await scratchTarget();
    const db = await openDatabase(scratch.target);
    const pool = new Pool({ connectionString: (scratch.target as { url: string }).url });
    try {
      await db.sql.query(`CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'no tasks here'; END $$`);
      await db.sql.query(`CREATE TRIGGER refuse BEFORE INSERT ON tasks FOR EACH ROW EXECUTE FUNCTION refuse()`);
      await expect(importPglite(join(dataDir, 'pgdata'), pool, () => undefined)).rejects.toThrow(
        /nothing was imported and the folder is untouched: no tasks here/,
      );
      expect(await db.sql.query(`SELECT 1 FROM users`)).toEqual([]);
      expect(existsSync(join(dataDir, 'pgdata', 'PG_VERSION'))).toBe(true);
    } finally {
      await pool.end();
      await db.close();
      await scratch.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
