// `npm test`: every test, with what they need set up here. Uses the PostgreSQL server named by
// TEST_DATABASE_URL (a fresh database per run), or else one embedded PostgreSQL server that jest's
// global setup starts for the run (a database per test file) and its teardown stops.
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
console.log(
  `tests use ${process.env.TEST_DATABASE_URL ? `PostgreSQL at ${new URL(process.env.TEST_DATABASE_URL).host}` : 'an embedded PostgreSQL server (one for the run, a database per test file)'}`,
);
// PGlite (read by the import of an earlier version's data) loads its WebAssembly through dynamic
// import, which jest's VM only allows with this flag.
const resultsFile = join(root, '.cache', 'jest-results.json');
// Patterns naming only apps/web run only the web app's tests (jest does not hold them).
const patterns = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const webOnly = patterns.length > 0 && patterns.every((p) => p.includes('apps/web'));
const status = webOnly
  ? 0
  : step([
      '--experimental-vm-modules',
      '--no-warnings=ExperimentalWarning',
      join(root, 'node_modules/jest/bin/jest.js'),
      '--json',
      `--outputFile=${resultsFile}`,
      // A handle a failing test leaves open must not hang CI past its time limit.
      ...(process.env.CI ? ['--forceExit'] : []),
      ...process.argv.slice(2),
    ]);
const totals = { passed: 0, failed: 0, skipped: 0 };
const count = (file, label) => {
  if (!existsSync(file)) return;
  const r = JSON.parse(readFileSync(file, 'utf8'));
  console.log(`${label}: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + (r.numTodoTests ?? 0)} skipped`);
  totals.passed += r.numPassedTests;
  totals.failed += r.numFailedTests;
  totals.skipped += r.numPendingTests + (r.numTodoTests ?? 0);
};
count(resultsFile, 'jest');

// The web app's unit tests (Angular's runner on Vitest with jsdom) run in a full run, or when a
// pattern names apps/web; a run narrowed to other paths skips them.
let webStatus = 0;
if (patterns.length === 0 || patterns.some((p) => p.includes('apps/web'))) {
  const webResults = join(root, '.cache', 'web-test-results.json');
  rmSync(webResults, { force: true });
  webStatus =
    spawnSync(
      process.execPath,
      [join(root, 'node_modules/@angular/cli/bin/ng.js'), 'test', '--watch=false', '--reporters=json', '--reporters=default', `--output-file=${webResults}`],
      { cwd: join(root, 'apps/web'), stdio: 'inherit', env: { ...process.env, NG_CLI_ANALYTICS: 'false' } },
    ).status ?? 1;
  count(webResults, 'web (vitest)');
  if (webStatus !== 0 && !existsSync(webResults)) totals.failed += 1; // the build itself failed
}

// A plain closing line that any CI can read, whatever the runner: both suites summed.
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(status || webStatus);
