import { DatabaseError, type Pool, type PoolClient } from 'pg';

/** One statement at a time on a connection: the pool, or the client of a transaction. */
export interface SqlStatements {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

/** The few raw SQL operations the migrator, the health check, the bulk writes of ingest and the chat turn's statements need. */
export interface SqlRunner extends SqlStatements {
  /** Runs a script of several statements in one transaction. */
  execScriptInTransaction(script: string): Promise<void>;
  /** Runs `work`'s statements in one transaction on one connection: all commit, or (when it throws) none. */
  transaction<T>(work: (sql: SqlStatements) => Promise<T>): Promise<T>;
}

/** Rolls back, and drops a connection that cannot even do that rather than give it to the next caller. */
async function rollBack(client: PoolClient): Promise<void> {
  try {
    await client.query('ROLLBACK');
    client.release();
  } catch (error) {
    client.release(error as Error);
  }
}

export function pgRunner(pool: Pool): SqlRunner {
  const transaction = async <T>(work: (sql: SqlStatements) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    let result: T;
    try {
      await client.query('BEGIN');
      result = await work({ query: async <R>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as R[] });
      await client.query('COMMIT');
    } catch (error) {
      await rollBack(client);
      throw error;
    }
    client.release();
    return result;
  };
  return {
    async query<T>(sql: string, params: unknown[] = []) {
      return (await pool.query(sql, params)).rows as T[];
    },
    async execScriptInTransaction(script) {
      await transaction((sql) => sql.query(script));
    },
    transaction,
  };
}

/** The SQLSTATE of an error PostgreSQL raised through the pg driver (23505: a unique value taken), else undefined. */
export function sqlStateOf(error: unknown): string | undefined {
  return error instanceof DatabaseError ? error.code : undefined;
}
