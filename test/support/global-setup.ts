// globalSetup runs outside jest's module mapper, hence the relative import.
import { applyMigrations, pgRunner } from '../../libs/db/src';
import { Pool } from 'pg';
import { createDatabase, serverUrl } from './postgres-admin';

/** One fresh PostgreSQL database per test run, migrated once, when TEST_DATABASE_URL is set. */
export default async function globalSetup(): Promise<void> {
  const base = serverUrl();
  if (!base) return;
  const url = await createDatabase(base);
  const pool = new Pool({ connectionString: url });
  try {
    await applyMigrations(pgRunner(pool));
  } finally {
    await pool.end();
  }
  process.env.ASSISTANTS_TEST_DB_URL = url;
}
