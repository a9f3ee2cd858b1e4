import { PrismaPg } from '@prisma/adapter-pg';
import { join } from 'node:path';
import { Pool } from 'pg';
import { EmbeddedPostgres } from './embedded-postgres';
import { PrismaClient } from './generated/client';
import { DatabaseLanes, lanedPool, type LaneOptions } from './lanes';
import { applyMigrations, type MigrationResult } from './migrator';
import { importPgliteIfPresent } from './pglite-import';
import { pgRunner, type SqlRunner } from './sql-runner';

/**
 * A PostgreSQL server named by a URL, or the one the product starts itself in DATA_DIR
 * (embedded-postgres.ts). Both are real PostgreSQL: one SQL path, one set of adapters.
 */
export type DatabaseTarget = { kind: 'postgres'; url: string } | { kind: 'embedded-postgres'; dataDir: string; port?: number; durable?: boolean };

export interface Database {
  readonly kind: DatabaseTarget['kind'];
  readonly prisma: PrismaClient;
  readonly sql: SqlRunner;
  readonly migrations: MigrationResult;
  /** Foreground and background lanes every statement (Prisma's and `sql`'s) goes through; ingest runs in the background one. */
  readonly lanes: DatabaseLanes;
  /** Ends the connections, then stops the embedded server when this opened one. */
  close(): Promise<void>;
}

export function databaseTarget(databaseUrl: string | undefined, dataDir: string, port?: number): DatabaseTarget {
  return databaseUrl ? { kind: 'postgres', url: databaseUrl } : { kind: 'embedded-postgres', dataDir, port };
}

export interface OpenOptions {
  lanes?: Partial<LaneOptions>;
  /** Where the embedded server's start-up and an import of old data report (console.log by default). */
  log?: (message: string) => void;
  /**
   * A PGlite folder of an earlier version to import when the database holds no data yet; the
   * embedded server looks in DATA_DIR/pgdata by itself.
   */
  importPglite?: string;
}

/** Opens the database (starting the embedded server first when that is the target) and brings its schema up to date before anyone uses it. */
export async function openDatabase(target: DatabaseTarget, options: OpenOptions = {}): Promise<Database> {
  const log = options.log ?? ((message: string) => console.log(message));
  const server =
    target.kind === 'embedded-postgres'
      ? await EmbeddedPostgres.start({ dataDir: target.dataDir, port: target.port, durable: target.durable, log })
      : undefined;
  const url = server ? server.url() : (target as { url: string }).url;
  const lanes = new DatabaseLanes(options.lanes);
  const raw = new Pool({ connectionString: url, max: 10 });
  // An idle connection the server drops (restart, failover, admin) is replaced on next use; without
  // a listener the pool's 'error' event would crash the process.
  raw.on('error', () => undefined);
  const pool = lanedPool(raw, lanes);
  const sql = pgRunner(pool);
  const stop = async () => {
    await raw.end();
    await server?.stop();
  };
  try {
    const migrations = await applyMigrations(sql);
    // The data of the version that kept it in PGlite (DATA_DIR/pgdata) comes across at the first start.
    const pglite = options.importPglite ?? (target.kind === 'embedded-postgres' ? join(target.dataDir, 'pgdata') : undefined);
    if (pglite) await importPgliteIfPresent(pglite, pool, log);
    // Prisma's defaults (2 s to get a connection, 5 s to finish) fail ordinary short transactions as
    // 500s when the machine is busy (ingest beside chat on two cores); they wait for the lanes instead.
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool), transactionOptions: { maxWait: 10_000, timeout: 15_000 } });
    return {
      kind: target.kind,
      prisma,
      sql,
      migrations,
      lanes,
      close: async () => {
        await prisma.$disconnect();
        await stop();
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
