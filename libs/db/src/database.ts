import { PGlite } from '@electric-sql/pglite';
import { pg_textsearch } from '@electric-sql/pglite-pg_textsearch';
import { vector } from '@electric-sql/pglite-pgvector';
import { PrismaPg } from '@prisma/adapter-pg';
import { mkdirSync } from 'node:fs';
import { Pool } from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from './generated/client';
import { DatabaseLanes, lanedPglite, lanedPool, type LaneOptions } from './lanes';
import { applyMigrations, type MigrationResult } from './migrator';
import { pgliteRunner, pgRunner, type SqlRunner } from './sql-runner';

/** A real PostgreSQL server, or PGlite embedded in this process (a folder, or memory:// in tests). */
export type DatabaseTarget = { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };

export interface Database {
  readonly kind: DatabaseTarget['kind'];
  readonly prisma: PrismaClient;
  readonly sql: SqlRunner;
  readonly migrations: MigrationResult;
  /** Index extensions this database can load; the search adapters create them (migrations never do). */
  readonly extensions: SearchExtensions;
  /** Foreground and background lanes every statement (Prisma's and `sql`'s) goes through; ingest runs in the background one. */
  readonly lanes: DatabaseLanes;
  close(): Promise<void>;
}

/** pgvector (HNSW) and pg_textsearch (BM25): bundled with embedded PGlite, rarely installed on a server. */
export interface SearchExtensions {
  vector: boolean;
  bm25: boolean;
}

/** Which of the index extensions the server offers (installed, whether or not created yet). */
export async function availableSearchExtensions(sql: SqlRunner): Promise<SearchExtensions> {
  const rows = await sql.query<{ name: string }>(`SELECT name FROM pg_available_extensions WHERE name IN ('vector', 'pg_textsearch')`);
  const names = new Set(rows.map((row) => row.name));
  return { vector: names.has('vector'), bm25: names.has('pg_textsearch') };
}

export function databaseTarget(databaseUrl: string | undefined, dataDir: string): DatabaseTarget {
  return databaseUrl ? { kind: 'postgres', url: databaseUrl } : { kind: 'pglite', dataDir: `${dataDir}/pgdata` };
}

/** Opens the database and brings its schema up to date before anyone uses it. */
export async function openDatabase(target: DatabaseTarget, options: { lanes?: Partial<LaneOptions> } = {}): Promise<Database> {
  const lanes = new DatabaseLanes(options.lanes);
  if (target.kind === 'postgres') {
    const raw = new Pool({ connectionString: target.url, max: 10 });
    // An idle connection the server drops (restart, failover, admin) is replaced on next use; without
    // a listener the pool's 'error' event would crash the process.
    raw.on('error', () => undefined);
    const pool = lanedPool(raw, lanes);
    const sql = pgRunner(pool);
    try {
      const migrations = await applyMigrations(sql);
      const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
      const extensions = await availableSearchExtensions(sql);
      return { kind: 'postgres', prisma, sql, migrations, extensions, lanes, close: async () => { await prisma.$disconnect(); await raw.end(); } };
    } catch (error) {
      await raw.end();
      throw error;
    }
  }
  if (!target.dataDir.startsWith('memory://')) mkdirSync(target.dataDir, { recursive: true });
  // Loaded, not created: the search adapters run CREATE EXTENSION when they start.
  const raw = await PGlite.create(target.dataDir, { extensions: { vector, pg_textsearch } });
  const pglite = lanedPglite(raw, lanes);
  const sql = pgliteRunner(pglite);
  const migrations = await applyMigrations(sql);
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  const extensions = await availableSearchExtensions(sql);
  return { kind: 'pglite', prisma, sql, migrations, extensions, lanes, close: async () => { await prisma.$disconnect(); await raw.close(); } };
}
