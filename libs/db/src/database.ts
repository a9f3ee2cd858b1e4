import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import { mkdirSync } from 'node:fs';
import { Pool } from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from './generated/client';
import { applyMigrations, type MigrationResult } from './migrator';
import { pgliteRunner, pgRunner, type SqlRunner } from './sql-runner';

/** A real PostgreSQL server, or PGlite embedded in this process (a folder, or memory:// in tests). */
export type DatabaseTarget = { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };

export interface Database {
  readonly kind: DatabaseTarget['kind'];
  readonly prisma: PrismaClient;
  readonly sql: SqlRunner;
  readonly migrations: MigrationResult;
  close(): Promise<void>;
}

export function databaseTarget(databaseUrl: string | undefined, dataDir: string): DatabaseTarget {
  return databaseUrl ? { kind: 'postgres', url: databaseUrl } : { kind: 'pglite', dataDir: `${dataDir}/pgdata` };
}

/** Opens the database and brings its schema up to date before anyone uses it. */
export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === 'postgres') {
    const pool = new Pool({ connectionString: target.url, max: 10 });
    // An idle connection the server drops (restart, failover, admin) is replaced on next use; without
    // a listener the pool's 'error' event would crash the process.
    pool.on('error', () => undefined);
    const sql = pgRunner(pool);
    try {
      const migrations = await applyMigrations(sql);
      const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
      return { kind: 'postgres', prisma, sql, migrations, close: async () => { await prisma.$disconnect(); await pool.end(); } };
    } catch (error) {
      await pool.end();
      throw error;
    }
  }
  if (!target.dataDir.startsWith('memory://')) mkdirSync(target.dataDir, { recursive: true });
  const pglite = await PGlite.create(target.dataDir);
  const sql = pgliteRunner(pglite);
  const migrations = await applyMigrations(sql);
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  return { kind: 'pglite', prisma, sql, migrations, close: async () => { await prisma.$disconnect(); await pglite.close(); } };
}
