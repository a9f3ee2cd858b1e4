import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** Creates and drops throw-away databases on the run's server: TEST_DATABASE_URL's, else the embedded one global-setup started. */
export function serverUrl(): string {
  const url = process.env.TEST_DATABASE_URL || process.env.ASSISTANTS_TEST_SERVER_URL;
  if (!url) throw new Error('no PostgreSQL server for tests: run them with npm test (which starts one), or set TEST_DATABASE_URL');
  return url;
}

export function databaseUrl(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdmin<T>(base: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: base });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createDatabase(base: string, prefix = 'assistants_test'): Promise<string> {
  const name = `${prefix}_${Date.now()}_${randomBytes(3).toString('hex')}`;
  await withAdmin(base, (c) => c.query(`CREATE DATABASE "${name}"`));
  return databaseUrl(base, name);
}

export async function dropDatabase(base: string, url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  await withAdmin(base, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}
