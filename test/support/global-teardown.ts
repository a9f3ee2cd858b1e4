import { stopTestServer } from './embedded-test-server';
import { dropDatabase } from './postgres-admin';

export default async function globalTeardown(): Promise<void> {
  const embedded = (globalThis as { assistantsTestServer?: Parameters<typeof stopTestServer>[0] }).assistantsTestServer;
  if (embedded) return stopTestServer(embedded);
  const base = process.env.TEST_DATABASE_URL;
  const url = process.env.ASSISTANTS_TEST_DB_URL;
  if (base && url && !process.env.KEEP_TEST_DATABASE) await dropDatabase(base, url);
}
