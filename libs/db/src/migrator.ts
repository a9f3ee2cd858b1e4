import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SqlRunner } from './sql-runner';

/** Prisma's own bookkeeping table, so `prisma migrate deploy` and this migrator agree. */
const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id"                  VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum"            VARCHAR(64) NOT NULL,
  "finished_at"         TIMESTAMPTZ,
  "migration_name"      VARCHAR(255) NOT NULL,
  "logs"                TEXT,
  "rolled_back_at"      TIMESTAMPTZ,
  "started_at"          TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

/** The lock id `prisma migrate` takes, so the two never run at once. */
const ADVISORY_LOCK_ID = 72707369;

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/** prisma/migrations of this checkout, found from wherever the code runs (src or dist). */
export function findMigrationsDir(start = __dirname): string {
  let dir = start;
  for (;;) {
    const candidate = join(dir, 'prisma', 'migrations');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new MigrationError(`prisma/migrations not found above ${start}`);
    dir = parent;
  }
}

export function readMigrations(dir = findMigrationsDir()): MigrationFile[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

/**
 * Applies the migrations not yet recorded in _prisma_migrations, each in its own
 * transaction, under the same advisory lock as `prisma migrate deploy`.
 */
export async function applyMigrations(db: SqlRunner, migrations = readMigrations()): Promise<MigrationResult> {
  await db.query(`SELECT pg_advisory_lock(${ADVISORY_LOCK_ID})`);
  try {
    await db.query(CREATE_MIGRATIONS_TABLE);
    const rows = await db.query<AppliedRow>(
      'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL',
    );
    const failed = rows.find((row) => row.finished_at === null);
    if (failed) {
      throw new MigrationError(
        `Migration ${failed.migration_name} failed earlier and was not rolled back; fix the database, then mark it rolled back (prisma migrate resolve --rolled-back ${failed.migration_name}).`,
      );
    }
    const done = new Set(rows.map((row) => row.migration_name));
    const applied: string[] = [];
    for (const migration of migrations) {
      if (done.has(migration.name)) continue;
      await applyOne(db, migration);
      applied.push(migration.name);
    }
    return { applied, alreadyApplied: done.size };
  } finally {
    await db.query(`SELECT pg_advisory_unlock(${ADVISORY_LOCK_ID})`);
  }
}

async function applyOne(db: SqlRunner, migration: MigrationFile): Promise<void> {
  const id = randomUUID();
  await db.query('INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)', [
    id,
    migration.checksum,
    migration.name,
  ]);
  try {
    await db.execScriptInTransaction(migration.sql);
  } catch (error) {
    await db.query('UPDATE "_prisma_migrations" SET logs = $2 WHERE id = $1', [id, String(error)]);
    throw new MigrationError(`Migration ${migration.name} failed: ${(error as Error).message}`);
  }
  await db.query('UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1', [id]);
}
