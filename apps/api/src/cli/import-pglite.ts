// `npm run db:import-pglite -- [--from <folder>]`: moves the data an earlier version kept in PGlite
// (DATA_DIR/pgdata) into PostgreSQL by hand: into the database DATABASE_URL names, or else into the
// embedded server of DATA_DIR (started for the import, stopped after). The product does the same by
// itself at its first start on such a DATA_DIR; this command serves a move to another server, or a
// folder kept elsewhere. The target must hold no data yet; the PGlite folder is kept, renamed.
import { ConfigError, loadConfig } from '@assistants/config';
import { databaseTarget, openDatabase } from '@assistants/db';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const USAGE = `usage: npm run db:import-pglite -- [--from <PGlite folder>]
  --from   the PGlite folder of the earlier version (default: DATA_DIR/pgdata)
  Into the database DATABASE_URL names, or else the embedded server of DATA_DIR; it must hold no data yet.`;

async function main(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const config = loadConfig();
  const at = args.indexOf('--from');
  const from = resolve(at >= 0 ? args[at + 1] : join(config.dataDir, 'pgdata'));
  if (!existsSync(join(from, 'PG_VERSION'))) {
    console.error(`${from} holds no PGlite database.\n${USAGE}`);
    return 2;
  }
  const log = (message: string) => console.log(message);
  const db = await openDatabase(databaseTarget(config.databaseUrl, config.dataDir, config.embeddedPostgresPort), { importPglite: from, log });
  await db.close();
  // Imported means renamed; a folder still there was left alone (the target held data, and said so).
  return existsSync(from) ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(error instanceof ConfigError ? error.message : `the import failed: ${error.message}`);
    process.exit(1);
  },
);
