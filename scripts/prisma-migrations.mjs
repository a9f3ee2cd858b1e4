#!/usr/bin/env node
// Migrations without Prisma's native schema engine (it cannot be downloaded
// offline). Prisma's WebAssembly schema engine writes the SQL; PGlite runs it.
//
//   node scripts/prisma-migrations.mjs check [--schema prisma/schema.prisma]
//     exits 1 when the migrations in prisma/migrations do not build the
//     database that schema.prisma describes, and prints what differs.
//   node scripts/prisma-migrations.mjs new <name> [--from <git-rev>]
//     writes prisma/migrations/<timestamp>_<name>/migration.sql with the SQL
//     that turns the schema at <git-rev> (default HEAD) into the current one.
import { PGlite } from '@electric-sql/pglite';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('..', import.meta.url));
const migrationsDir = join(root, 'prisma', 'migrations');

async function loadSchemaEngine() {
  // The package's entry needs --experimental-wasm-modules; instantiate the wasm by hand instead.
  const bgPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const bg = await import(bgPath);
  const wasmBytes = readFileSync(bgPath.replace(/\.js$/, '.wasm'));
  const { instance } = await WebAssembly.instantiate(wasmBytes, { './schema_engine_bg.js': bg });
  bg.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  const { PrismaPGlite } = require('pglite-prisma-adapter');
  const { bindSqlAdapterFactory } = require('@prisma/driver-adapter-utils');
  // The engine connects on start, though a diff of two schema files needs no database.
  const scratch = await PGlite.create('memory://');
  const adapter = bindSqlAdapterFactory(new PrismaPGlite(scratch));
  return (schema) => bg.SchemaEngine.new({ datamodels: [['schema.prisma', schema]] }, () => undefined, adapter);
}

async function diffSchemas(fromSchema, toSchema) {
  const newEngine = await loadSchemaEngine();
  const engine = await newEngine(toSchema);
  const target = (content) => (content === null ? { tag: 'empty' } : { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content }] });
  const result = await engine.diff({
    from: target(fromSchema),
    to: target(toSchema),
    script: true,
    exitCode: null,
    filters: { externalTables: [], externalEnums: [] },
  });
  return result.stdout;
}

const CATALOG_QUERIES = {
  columns: `SELECT table_name, column_name, udt_name, is_nullable, column_default, character_maximum_length, numeric_precision, datetime_precision
            FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' ORDER BY 1, 2`,
  constraints: `SELECT c.conrelid::regclass::text AS table_name, c.conname, c.contype, pg_get_constraintdef(c.oid) AS definition
                FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
                WHERE n.nspname = 'public' AND c.conrelid::regclass::text <> '_prisma_migrations' ORDER BY 1, 2`,
  indexes: `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1, 2`,
  enums: `SELECT t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) AS labels
          FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY 1 ORDER BY 1`,
};

// Indexes the migrations create that schema.prisma cannot describe (Prisma has no expression indexes), as
// PostgreSQL prints them: `check` takes them from the migrations' side only, and fails when one is missing or
// differs, so a query that relies on one cannot lose it unnoticed. Each names who relies on it.
const RAW_INDEXES = [
  // GET /api/conversations?search= (apps/api/src/conversations/conversation-search.ts): the query's exact expressions.
  ...['english', 'russian'].flatMap((config) => [
    { tablename: 'messages', indexname: `messages_content_${config}_fts_idx`, column: 'content', config },
    { tablename: 'conversations', indexname: `conversations_title_${config}_fts_idx`, column: 'title', config },
  ]),
].map(({ tablename, indexname, column, config }) => {
  const indexdef = `CREATE INDEX ${indexname} ON public.${tablename} USING gin (to_tsvector('${config}'::regconfig, ${column}))`;
  return `indexes: ${JSON.stringify({ tablename, indexname, indexdef })}`;
});

async function catalogAfter(scripts) {
  const db = await PGlite.create('memory://');
  try {
    for (const { name, sql } of scripts) {
      try {
        await db.exec(sql);
      } catch (error) {
        throw new Error(`${name} does not run: ${error.message}`);
      }
    }
    const lines = [];
    for (const [kind, query] of Object.entries(CATALOG_QUERIES)) {
      for (const row of (await db.query(query)).rows) lines.push(`${kind}: ${JSON.stringify(row)}`);
    }
    return lines;
  } finally {
    await db.close();
  }
}

function readMigrationScripts() {
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(migrationsDir, e.name, 'migration.sql')))
    .map((e) => e.name)
    .sort()
    .map((name) => ({ name, sql: readFileSync(join(migrationsDir, name, 'migration.sql'), 'utf8') }));
}

function option(args, name, fallback) {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
}

async function check(args) {
  const schemaPath = option(args, '--schema', join(root, 'prisma', 'schema.prisma'));
  const expectedSql = await diffSchemas(null, readFileSync(schemaPath, 'utf8'));
  const expected = await catalogAfter([{ name: 'schema.prisma', sql: expectedSql }]);
  const actual = await catalogAfter(readMigrationScripts());
  const missing = [...expected, ...RAW_INDEXES].filter((line) => !actual.includes(line));
  const extra = actual.filter((line) => !expected.includes(line) && !RAW_INDEXES.includes(line));
  if (missing.length === 0 && extra.length === 0) {
    console.log(`migrations match ${relative(root, schemaPath)} (${expected.length} catalog entries compared)`);
    return 0;
  }
  console.error(`prisma/migrations do not match ${relative(root, schemaPath)}.`);
  for (const line of missing) console.error(`  ${RAW_INDEXES.includes(line) ? 'RAW_INDEXES has' : 'schema has'}, migrations lack: ${line}`);
  for (const line of extra) console.error(`  migrations have, schema lacks: ${line}`);
  console.error('Write a migration with: node scripts/prisma-migrations.mjs new <name>');
  return 1;
}

async function create(args) {
  const name = args.find((a) => !a.startsWith('--') && a !== option(args, '--from'));
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    console.error('usage: prisma-migrations.mjs new <name_in_snake_case> [--from <git-rev>]');
    return 2;
  }
  const rev = option(args, '--from', 'HEAD');
  const before = execFileSync('git', ['show', `${rev}:prisma/schema.prisma`], { cwd: root, encoding: 'utf8' });
  const sql = await diffSchemas(before, readFileSync(join(root, 'prisma', 'schema.prisma'), 'utf8'));
  if (!sql.trim() || /^-- This is an empty migration/.test(sql.trim())) {
    console.log(`schema.prisma is unchanged since ${rev}: no migration written`);
    return 0;
  }
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const dir = join(migrationsDir, `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'migration.sql'), sql);
  console.log(`wrote ${relative(root, dir)}/migration.sql`);
  return 0;
}

const [command, ...args] = process.argv.slice(2);
const commands = { check, new: create };
if (!commands[command]) {
  console.error('usage: prisma-migrations.mjs check | new <name>');
  process.exit(2);
}
process.exit(await commands[command](args));
