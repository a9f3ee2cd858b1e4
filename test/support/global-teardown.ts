import { dropDatabase, serverUrl } from './postgres-admin';

export default async function globalTeardown(): Promise<void> {
  const base = serverUrl();
  const url = process.env.ASSISTANTS_TEST_DB_URL;
  if (base && url && !process.env.KEEP_TEST_DATABASE) await dropDatabase(base, url);
}
