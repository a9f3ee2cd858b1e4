// `npm start`: builds what is missing or stale, then runs the API (which also
// serves the web app). With no DATABASE_URL the API starts its own PostgreSQL server, with its
// data in DATA_DIR/postgres, and stops it when it stops.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => join(root, 'node_modules', '.bin', name);
const { isStale, markBuilt, sourceHash } = createRequire(import.meta.url)('./build-state.cjs');

function run(step, command, args, cwd = root) {
  console.log(`› ${step}`);
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`✖ ${step} failed`);
    process.exit(result.status ?? 1);
  }
}

/** Builds an output when its sources' contents changed since it was last built (see build-state.cjs). */
function buildIfChanged(name, output, sources, steps) {
  const stampFile = join(root, 'dist', '.build-state', `${name}.json`);
  const hash = sourceHash(root, sources);
  if (!isStale({ output, stampFile, hash })) return;
  for (const [step, command, args, cwd] of steps) run(step, command, args, cwd);
  markBuilt({ stampFile, hash });
}

const apiMain = join(root, 'dist', 'apps', 'api', 'src', 'main.js');
buildIfChanged(
  'api',
  apiMain,
  ['apps/api/src', 'apps/worker/src', 'libs', 'prisma', 'prisma.config.ts', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'nest-cli.json'],
  [
    ['generating the database client', process.execPath, ['scripts/prisma-generate.mjs', '--quiet']],
    ['building the API', bin('nest'), ['build', 'api']],
  ],
);
buildIfChanged(
  'web',
  join(root, 'dist', 'web', 'browser', 'index.html'),
  ['apps/web/src', 'apps/web/public', 'apps/web/angular.json', 'apps/web/tsconfig.json', 'apps/web/tsconfig.app.json', 'package-lock.json'],
  [['building the web app', bin('ng'), ['build'], join(root, 'apps', 'web')]],
);

// The local embedding model, once (a few seconds, 16 MB); without it the API embeds with the
// lexical hashing embedder and says so in its log.
if (spawnSync(process.execPath, ['scripts/embedding-model.cjs', '--prefetch'], { cwd: root, stdio: 'inherit' }).status !== 0) {
  console.warn('› starting without the local embedding model (hashing embedder); retry with: node scripts/embedding-model.cjs --prefetch');
}

// In a process group of its own, so that a Ctrl-C reaches it once, from here: the terminal and npm
// both pass it to this script, and an API told twice would cut its own shutdown short. A press a
// second later is passed on again (the API then stops its database at once).
const api = spawn(process.execPath, ['--enable-source-maps', apiMain], { cwd: root, stdio: 'inherit', detached: true });
let signalledAt = 0;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (Date.now() - signalledAt < 1000) return;
    signalledAt = Date.now();
    api.kill(signal);
  });
}
api.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
