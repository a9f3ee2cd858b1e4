import type { PGlite } from '@electric-sql/pglite';
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { Pool, PoolClient } from 'pg';
import { applyMigrations } from './migrator';
import type { SqlRunner } from './sql-runner';

/**
 * Moving the data of the version that kept it in PGlite (a WebAssembly PostgreSQL in the API's
 * process, folder DATA_DIR/pgdata) into a PostgreSQL server: every row of every table, in one
 * transaction. This is the only use of PGlite left. Values travel as PostgreSQL's own text
 * form, column by column (a JSON array of strings per row), and are cast back to the column's
 * type: exact for every type here (float4 prints its shortest exact form, tsvector and arrays
 * read back what they print), and a SQL NULL stays apart from a JSON null.
 */

/** The migrator's bookkeeping: the server has its own rows for the same migrations. */
const SKIP = new Set(['_prisma_migrations']);
const PAGE_ROWS = 500;
/** Same text forms on both sides: ISO dates in UTC. */
const SESSION = `SET datestyle = 'ISO, YMD'; SET timezone = 'UTC'; SET intervalstyle = 'postgres'`;

export interface PgliteImport {
  /** Rows copied per table. */
  tables: Record<string, number>;
  /** Where the PGlite folder went (kept, never deleted); undefined when asked not to rename it. */
  keptAt?: string;
}

/** At the first start on a DATA_DIR of the PGlite version: imports it when the server holds no data yet. */
export async function importPgliteIfPresent(pgliteDir: string, pool: Pool, log: (message: string) => void): Promise<PgliteImport | undefined> {
  if (!existsSync(join(pgliteDir, 'PG_VERSION'))) return undefined;
  if (await holdsData(pool)) {
    log(
      `embedded PostgreSQL: ${pgliteDir} (the PGlite data of an earlier version) is left as it is, since the server already holds data; to import it anyway into an empty database: npm run db:import-pglite -- --help`,
    );
    return undefined;
  }
  return importPglite(pgliteDir, pool, log);
}

export async function importPglite(
  pgliteDir: string,
  pool: Pool,
  log: (message: string) => void,
  { rename = true }: { rename?: boolean } = {},
): Promise<PgliteImport> {
  const started = performance.now();
  log(`importing the PGlite data of the earlier version from ${pgliteDir}`);
  const source = await openPglite(pgliteDir);
  const client = await pool.connect();
  const tables: Record<string, number> = {};
  try {
    // The old folder's schema is brought to this version's first, as its own next start would have.
    await applyMigrations(pgliteRunner(source));
    await source.exec(SESSION);
    await client.query(SESSION);
    const order = await tablesInDependencyOrder(client);
    await client.query('BEGIN');
    for (const table of order) {
      tables[table] = await copyTable(source, client, table, log);
      const [{ n }] = (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}"`)).rows;
      const [{ m }] = (await source.query<{ m: number }>(`SELECT count(*)::int AS m FROM "${table}"`)).rows;
      if (n !== m) throw new Error(`${table}: ${m} rows in PGlite, ${n} arrived`);
    }
    await resetSequences(client);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw new Error(`importing ${pgliteDir} failed, nothing was imported and the folder is untouched: ${(error as Error).message}`);
  } finally {
    client.release();
    await source.close();
  }
  const total = Object.values(tables).reduce((sum, n) => sum + n, 0);
  let keptAt: string | undefined;
  if (rename) {
    keptAt = `${pgliteDir}.migrated-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(pgliteDir, keptAt);
  }
  log(
    `imported ${total} rows of ${Object.keys(tables).length} tables in ${((performance.now() - started) / 1000).toFixed(1)} s${keptAt ? `; the PGlite folder is kept as ${keptAt} (delete it when you no longer need it)` : ''}`,
  );
  return { tables, keptAt };
}

async function openPglite(dir: string): Promise<PGlite> {
  // Loaded on demand: only an import needs them. The extensions the PGlite version created its
  // indexes with (BM25, HNSW) must be loaded for their tables to be read.
  const [{ PGlite }, { vector }, { pg_textsearch }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite-pgvector'),
    import('@electric-sql/pglite-pg_textsearch'),
  ]);
  return PGlite.create(dir, { extensions: { vector, pg_textsearch } });
}

function pgliteRunner(db: PGlite): SqlRunner {
  return {
    query: async <T>(sql: string, params: unknown[] = []) => (await db.query(sql, params)).rows as T[],
    execScriptInTransaction: async (script) => void (await db.transaction((tx) => tx.exec(script))),
    transaction: (work) => db.transaction((tx) => work({ query: async <T>(sql: string, params: unknown[] = []) => (await tx.query(sql, params)).rows as T[] })),
  };
}

/** Whether any table but the migrator's holds a row. */
async function holdsData(pool: Pool): Promise<boolean> {
  const { rows } = await pool.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
  );
  for (const { table_name } of rows.filter((row) => !SKIP.has(row.table_name))) {
    if ((await pool.query(`SELECT 1 FROM "${table_name}" LIMIT 1`)).rowCount) return true;
  }
  return false;
}

/** The server's tables, each after the tables its foreign keys point to. */
async function tablesInDependencyOrder(client: PoolClient): Promise<string[]> {
  const { rows: tables } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 1`,
  );
  const { rows: keys } = await client.query<{ child: string; parent: string }>(
    `SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = 'public' AND c.contype = 'f' AND c.conrelid <> c.confrelid`,
  );
  const unquote = (name: string) => name.replace(/^"|"$/g, '');
  const order: string[] = [];
  const placing = new Set<string>();
  const place = (table: string) => {
    if (order.includes(table)) return;
    if (placing.has(table)) throw new Error(`foreign keys form a cycle through ${table}`);
    placing.add(table);
    for (const key of keys) if (unquote(key.child) === table) place(unquote(key.parent));
    placing.delete(table);
    order.push(table);
  };
  for (const { name } of tables) if (!SKIP.has(name)) place(name);
  return order;
}

/** Copies one table in pages (walking the physical order, which needs no key), logging its progress. */
async function copyTable(source: PGlite, target: PoolClient, table: string, log: (message: string) => void): Promise<number> {
  const { rows: columns } = await target.query<{ name: string; type: string }>(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type FROM pg_attribute a
     WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '' ORDER BY a.attnum`,
    [`"${table}"`],
  );
  const names = columns.map((c) => `"${c.name}"`).join(', ');
  const read = `SELECT ctid::text AS at, json_build_array(${columns.map((c) => `"${c.name}"::text`).join(', ')})::text AS row FROM "${table}" WHERE ctid > $1::tid ORDER BY ctid LIMIT ${PAGE_ROWS}`;
  const write = `INSERT INTO "${table}" (${names}) SELECT ${columns.map((c, i) => `(r->>${i})::${c.type}`).join(', ')} FROM json_array_elements($1::json) AS r`;
  let copied = 0;
  let reported = performance.now();
  for (let after = '(0,0)'; ;) {
    const { rows } = await source.query<{ at: string; row: string }>(read, [after]);
    if (rows.length === 0) break;
    await target.query(write, [`[${rows.map((r) => r.row).join(',')}]`]);
    copied += rows.length;
    after = rows[rows.length - 1].at;
    if (performance.now() - reported > 5000) {
      log(`  ${table}: ${copied} rows so far`);
      reported = performance.now();
    }
    if (rows.length < PAGE_ROWS) break;
  }
  log(`  ${table}: ${copied} rows`);
  return copied;
}

/** Sequences behind serial and identity columns continue after the imported rows. */
async function resetSequences(client: PoolClient): Promise<void> {
  const { rows } = await client.query<{ seq: string; tbl: string; col: string }>(
    `SELECT s.oid::regclass::text AS seq, d.refobjid::regclass::text AS tbl, a.attname AS col FROM pg_class s
     JOIN pg_depend d ON d.objid = s.oid AND d.deptype IN ('a', 'i') JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
     WHERE s.relkind = 'S'`,
  );
  for (const { seq, tbl, col } of rows) await client.query(`SELECT setval('${seq}', coalesce((SELECT max("${col}") FROM ${tbl}), 0) + 1, false)`);
}
