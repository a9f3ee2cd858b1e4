// `npm start`: builds what is missing or stale, then runs the API (which also
// serves the web app). With no DATABASE_URL it uses embedded PGlite in DATA_DIR.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => join(root, 'node_modules', '.bin', name);

function newestChange(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function isStale(output, ...sources) {
  if (!existsSync(output)) return true;
  const built = statSync(output).mtimeMs;
  return sources.some((source) => newestChange(join(root, source)) > built);
}

function run(step, command, args, cwd = root) {
  console.log(`› ${step}`);
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`✖ ${step} failed`);
    process.exit(result.status ?? 1);
  }
}

const apiMain = join(root, 'dist', 'apps', 'api', 'src', 'main.js');
if (isStale(apiMain, 'apps/api/src', 'apps/worker/src', 'libs', 'prisma')) {
  run('generating the database client', process.execPath, ['scripts/prisma-generate.mjs', '--quiet']);
  run('building the API', bin('nest'), ['build', 'api']);
}
if (isStale(join(root, 'dist', 'web', 'browser', 'index.html'), 'apps/web/src', 'apps/web/public')) {
  run('building the web app', bin('ng'), ['build'], join(root, 'apps', 'web'));
}

// The local embedding model, once (a few seconds, 16 MB); without it the API embeds with the
// lexical hashing embedder and says so in its log.
if (spawnSync(process.execPath, ['scripts/embedding-model.cjs', '--prefetch'], { cwd: root, stdio: 'inherit' }).status !== 0) {
  console.warn('› starting without the local embedding model (hashing embedder); retry with: node scripts/embedding-model.cjs --prefetch');
}

const api = spawn(process.execPath, ['--enable-source-maps', apiMain], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => api.kill(signal));
api.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
