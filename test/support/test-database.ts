import { type Database, type DatabaseTarget, openDatabase } from '@assistants/db';
import { createDatabase, dropDatabase, serverUrl } from './postgres-admin';

/**
 * The database of this test file, migrated: the run's shared one on TEST_DATABASE_URL's server,
 * else the file's own on the embedded server (see global-setup).
 */
export function sharedTestTarget(): DatabaseTarget {
  const url = process.env.ASSISTANTS_TEST_DB_URL;
  if (!url) throw new Error('no test database: run the tests with npm test');
  return { kind: 'postgres', url };
}

/** An empty database (no migrations yet) on the run's server, for tests that need one to themselves. */
export async function scratchTarget(): Promise<{ target: DatabaseTarget; drop(): Promise<void> }> {
  const base = serverUrl();
  const url = await createDatabase(base, 'assistants_scratch');
  return { target: { kind: 'postgres', url }, drop: () => dropDatabase(base, url) };
}

/**
 * A scratch database (see scratchTarget) opened before the suite's tests and dropped after them.
 * The handle reads through to the open database, so a suite writes `const db = useScratchDatabase()`
 * and uses `db.sql`, `db.prisma`, `db.kind` as with the database itself.
 */
export function useScratchDatabase(): Database {
  let scratch: Awaited<ReturnType<typeof scratchTarget>> | undefined;
  let db: Database | undefined;
  beforeAll(async () => {
    scratch = await scratchTarget();
    db = await openDatabase(scratch.target);
  });
  afterAll(async () => {
    await db?.close();
    await scratch?.drop();
  });
  return new Proxy({} as Database, {
    get: (_, property) => {
      if (!db) throw new Error('the scratch database is open only inside the suite’s tests');
      return Reflect.get(db, property);
    },
  });
}
