// `npm run bench [-- name ...]`: builds the server, then runs bench/<name>.bench.mjs (all by default).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const build = spawnSync('npm', ['run', '--silent', 'build:server'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const available = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.bench.mjs'))
  .map((f) => f.replace('.bench.mjs', ''));
const wanted = process.argv.slice(2).length ? process.argv.slice(2) : available;
for (const name of wanted) {
  if (!available.includes(name)) {
    console.error(`no benchmark "${name}"; available: ${available.join(', ')}`);
    process.exit(2);
  }
  console.log(`\n== ${name}`);
  const { run } = await import(pathToFileURL(join(root, 'bench', `${name}.bench.mjs`)).href);
  await run();
}
