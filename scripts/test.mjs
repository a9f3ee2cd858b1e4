// `npm test`: every test, with what they need set up here. Uses the PostgreSQL
// server named by TEST_DATABASE_URL (a fresh database per run) or embedded PGlite.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const step = (args) => spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' }).status ?? 1;

if (step(['scripts/prisma-generate.mjs', '--quiet']) !== 0) process.exit(1);
mkdirSync(join(root, '.cache'), { recursive: true });
// The local embedding model's tests run the real model; without it they are skipped, loudly.
if (step(['scripts/embedding-model.cjs', '--prefetch']) !== 0) console.warn('the local embedding model could not be fetched: its tests will be skipped');
rmSync(join(root, '.cache', 'jest-results.json'), { force: true });
console.log(`tests use ${process.env.TEST_DATABASE_URL ? `PostgreSQL at ${new URL(process.env.TEST_DATABASE_URL).host}` : 'embedded PGlite'}`);
// PGlite loads its WebAssembly through dynamic import, which jest's VM only allows with this flag.
const resultsFile = join(root, '.cache', 'jest-results.json');
const status = step([
  '--experimental-vm-modules',
  '--no-warnings=ExperimentalWarning',
  join(root, 'node_modules/jest/bin/jest.js'),
  '--json',
  `--outputFile=${resultsFile}`,
  // A handle a failing test leaves open must not hang CI past its time limit.
  ...(process.env.CI ? ['--forceExit'] : []),
  ...process.argv.slice(2),
]);
if (existsSync(resultsFile)) {
  const r = JSON.parse(readFileSync(resultsFile, 'utf8'));
  // A plain closing line that any CI can read, whatever the runner.
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`);
}
process.exit(status);
