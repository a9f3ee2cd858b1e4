import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** Creates and drops throw-away databases on the server that TEST_DATABASE_URL points at. */
export function serverUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || undefined;
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
