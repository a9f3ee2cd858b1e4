import type { Pool } from 'pg';

/** The few raw SQL operations the migrator, the health check and the bulk writes of ingest need. */
export interface SqlRunner {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs a script of several statements in one transaction. */
  execScriptInTransaction(script: string): Promise<void>;
}

export function pgRunner(pool: Pool): SqlRunner {
  return {
    async query<T>(sql: string, params: unknown[] = []) {
      return (await pool.query(sql, params)).rows as T[];
    },
    async execScriptInTransaction(script) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(script);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
  };
}
