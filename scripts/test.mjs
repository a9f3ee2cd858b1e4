// `npm test`: every test, with what they need set up here. Uses the PostgreSQL
// server named by TEST_DATABASE_URL (a fresh database per run) or embedded PGlite.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const step = (args) => spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' }).status ?? 1;

if (step(['scripts/prisma-generate.mjs', '--quiet']) !== 0) process.exit(1);
console.log(`tests use ${process.env.TEST_DATABASE_URL ? `PostgreSQL at ${new URL(process.env.TEST_DATABASE_URL).host}` : 'embedded PGlite'}`);
// PGlite loads its WebAssembly through dynamic import, which jest's VM only allows with this flag.
const status = step(['--experimental-vm-modules', '--no-warnings=ExperimentalWarning', join(root, 'node_modules/jest/bin/jest.js'), ...process.argv.slice(2)]);
process.exit(status);
