import type { DatabaseTarget } from '@assistants/db';
import { createDatabase, dropDatabase, serverUrl } from './postgres-admin';

/**
 * The database this test run shares: the fresh PostgreSQL database made by
 * global-setup when TEST_DATABASE_URL is set, else a PGlite of the test's own.
 */
export function sharedTestTarget(): DatabaseTarget {
  const url = process.env.ASSISTANTS_TEST_DB_URL;
  return url ? { kind: 'postgres', url } : { kind: 'pglite', dataDir: 'memory://' };
}

/** An empty database of the same kind, for tests that need one to themselves. */
export async function scratchTarget(): Promise<{ target: DatabaseTarget; drop(): Promise<void> }> {
  const base = serverUrl();
  if (!base) return { target: { kind: 'pglite', dataDir: 'memory://' }, drop: async () => undefined };
  const url = await createDatabase(base, 'assistants_scratch');
  return { target: { kind: 'postgres', url }, drop: () => dropDatabase(base, url) };
}
