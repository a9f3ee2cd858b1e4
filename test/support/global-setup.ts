// globalSetup runs outside jest's module mapper, hence the relative import.
import { applyMigrations, pgRunner } from '../../libs/db/src';
import { Pool } from 'pg';
import { startTestServer, TEMPLATE_DATABASE } from './embedded-test-server';
import { createDatabase } from './postgres-admin';

/**
 * With TEST_DATABASE_URL: one fresh database on that server for the run, migrated once, shared by
 * every test file. Without: one embedded PostgreSQL server for the run, and a database per test
 * file copied from a migrated template (node-environment.cjs makes and drops them).
 */
export default async function globalSetup(): Promise<void> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) {
    const started = performance.now();
    const test = await startTestServer();
    (globalThis as { assistantsTestServer?: unknown }).assistantsTestServer = test;
    process.env.ASSISTANTS_TEST_SERVER_URL = test.server.url('postgres');
    process.env.ASSISTANTS_TEST_TEMPLATE = TEMPLATE_DATABASE;
    console.log(
      `\nembedded PostgreSQL ${test.server.version} for this run on 127.0.0.1:${test.server.port} (ready in ${((performance.now() - started) / 1000).toFixed(1)} s)`,
    );
    return;
  }
  const url = await createDatabase(base);
  const pool = new Pool({ connectionString: url });
  try {
    await applyMigrations(pgRunner(pool));
  } finally {
    await pool.end();
  }
  process.env.ASSISTANTS_TEST_DB_URL = url;
}
