// The one place the benchmarks reach into the product's database layer (dist/libs/db). A bench that
// needs a database gets a fresh one here and opens it exactly as the API does for the same DATA_DIR
// and DATABASE_URL (`openDatabase(databaseTarget(config.databaseUrl, config.dataDir))`, see
// apps/api/src/database/database.module.ts), so it follows whatever the product's default is:
// nothing here names an embedded engine. If that call changes, only this file changes.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './support.mjs';

const require = createRequire(import.meta.url);
const dist = (path) => require(join(root, 'dist', path));

/** What to call a database the product opened: its kind, and the server's version for PostgreSQL. */
export function databaseLabel(kind, version) {
  if (kind === 'postgres') return version ? `PostgreSQL ${version}` : 'PostgreSQL';
  return `embedded ${kind}`;
}

/** Configuration as the API would load it from these variables (a fixed JWT secret: nothing is signed that outlives the run). */
export function productConfig(env) {
  const { loadConfig } = dist('libs/config/src/index.js');
  return loadConfig({ JWT_SECRET: 'bench-secret-that-is-long-enough-for-hs256', LOG_LEVEL: 'warn', ...env });
}

/**
 * A fresh database for a benchmark. `embedded`: the product's default for a new, empty DATA_DIR;
 * `postgres`: a new database on the server of BENCH_DATABASE_URL (made here, dropped by `drop()`),
 * as DATABASE_URL. `env` is what the API needs to use it (DATA_DIR, and DATABASE_URL);
 * `open()` opens it in this process as the API does (never while an API runs on an embedded one).
 */
export async function freshDatabase(kind) {
  const dataDir = mkdtempSync(join(tmpdir(), 'assistants-bench-'));
  let server;
  if (kind === 'postgres') {
    const url = process.env.BENCH_DATABASE_URL;
    if (!url) throw new Error('the postgres database needs BENCH_DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:5432/postgres)');
    const pg = require('pg');
    const name = `assistants_bench_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const [{ server_version: version }] = (await admin.query('SHOW server_version')).rows;
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const target = new URL(url);
    target.pathname = `/${name}`;
    server = { url, name, version: version.split(' ')[0], databaseUrl: target.toString() };
  } else if (kind !== 'embedded') {
    throw new Error(`unknown database "${kind}" (embedded or postgres)`);
  }
  const env = { DATA_DIR: dataDir, ...(server && { DATABASE_URL: server.databaseUrl }) };
  return {
    kind,
    env,
    dataDir,
    serverVersion: server?.version,
    /** Until opened, the embedded one is named by what the product will choose. */
    label: server ? databaseLabel('postgres', server.version) : 'embedded (default)',
    async open(options = {}) {
      const { databaseTarget, openDatabase } = dist('libs/db/src/index.js');
      const config = productConfig({ ...env, ...options.env });
      const db = await openDatabase(databaseTarget(config.databaseUrl, config.dataDir));
      this.label = databaseLabel(db.kind, server?.version);
      return { db, config };
    },
    async drop() {
      rmSync(dataDir, { recursive: true, force: true });
      if (!server) return;
      const pg = require('pg');
      const admin = new pg.Client({ connectionString: server.url });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${server.name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** The databases a bench runs on: BENCH_DATABASES (default `embedded,postgres`), postgres only with BENCH_DATABASE_URL. */
export function benchDatabases() {
  const asked = (process.env.BENCH_DATABASES ?? 'embedded,postgres')
    .split(',')
    .map((d) => d.trim())
    .filter(Boolean);
  return asked.filter((d) => d !== 'postgres' || process.env.BENCH_DATABASE_URL);
}
