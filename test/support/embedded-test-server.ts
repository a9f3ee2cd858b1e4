// Loaded by globalSetup and globalTeardown, outside jest's module mapper: relative imports only.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Pool } from 'pg';
import { EmbeddedPostgres } from '../../libs/db/src/embedded-postgres';
import { clearLeftoverServer, isAlive } from '../../libs/db/src/embedded-postgres-host';
import { applyMigrations } from '../../libs/db/src/migrator';
import { pgRunner } from '../../libs/db/src/sql-runner';

/** The database every test file's own is copied from (test/support/node-environment.cjs): migrated once per run. */
export const TEMPLATE_DATABASE = 'assistants_template';
const PREFIX = 'assistants-test-pg-';
/** The test run (jest's main process) a folder belongs to. */
const RUN_FILE = 'run.pid';

/**
 * One embedded PostgreSQL server for a test run without TEST_DATABASE_URL, so `npm test` needs
 * nothing installed. Throw-away (no fsync), in a temp folder; folders of earlier runs that were
 * killed are cleared first (their server stopped), so none is ever left running for long.
 */
export async function startTestServer(): Promise<{ server: EmbeddedPostgres; home: string }> {
  await clearEarlierRuns();
  const home = mkdtempSync(join(tmpdir(), PREFIX));
  writeFileSync(join(home, RUN_FILE), String(process.pid));
  const server = await EmbeddedPostgres.start({
    dataDir: home,
    durable: false,
    // Several test workers, each with apps whose pools hold up to 10 connections.
    settings: { max_connections: 300 },
    log: () => undefined,
  });
  const admin = new Client({ connectionString: server.url('postgres') });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.end();
  }
  const pool = new Pool({ connectionString: server.url(TEMPLATE_DATABASE) });
  try {
    await applyMigrations(pgRunner(pool));
  } finally {
    await pool.end();
  }
  return { server, home };
}

export async function stopTestServer({ server, home }: { server: EmbeddedPostgres; home: string }): Promise<void> {
  await server.stop();
  rmSync(home, { recursive: true, force: true });
}

/** Folders whose run has ended without clearing them (killed): their server is stopped, the folder removed. Another run's stay. */
async function clearEarlierRuns(): Promise<void> {
  for (const name of readdirSync(tmpdir()).filter((entry) => entry.startsWith(PREFIX))) {
    const home = join(tmpdir(), name);
    const runFile = join(home, RUN_FILE);
    if (!existsSync(runFile) || isAlive(Number(readFileSync(runFile, 'utf8')))) continue;
    try {
      if (existsSync(join(home, 'postgres'))) await clearLeftoverServer(join(home, 'postgres'), join(home, 'postgres.owner'), () => undefined);
      rmSync(home, { recursive: true, force: true });
    } catch {
      // Its server would not stop: the folder stays for the next run to try again.
    }
  }
}
