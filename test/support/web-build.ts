import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = join(__dirname, '..', '..');
/** What the built app is made of: its sources and config, the shared library it imports, the dependencies. */
const INPUTS = [
  'apps/web/src',
  'apps/web/public',
  'apps/web/angular.json',
  'apps/web/package.json',
  'apps/web/tsconfig.json',
  'apps/web/tsconfig.app.json',
  'libs/common/src',
  'package-lock.json',
];
const PREFIX = 'assistants-web-e2e-';
/** A build takes a minute or two on a busy machine; a lock older than this was left by a killed run. */
const STALE_LOCK_MS = 10 * 60_000;
/** Builds of other sources are removed once this old, so the temp folder does not fill up. */
const OLD_BUILD_MS = 24 * 60 * 60_000;

/** A hash of every input file's path and bytes: the same sources give the same build. */
export function webSourceHash(): string {
  const hash = createHash('sha256');
  const visit = (path: string) => {
    if (!existsSync(path)) return;
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path).sort()) if (!name.endsWith('.spec.ts')) visit(join(path, name));
      return;
    }
    hash.update(relative(root, path)).update('\0').update(readFileSync(path)).update('\0');
  };
  for (const input of INPUTS) visit(join(root, input));
  return hash.digest('hex').slice(0, 20);
}

/**
 * The web app built from the current sources, built once and shared by every e2e spec and jest
 * worker (and by later runs while the sources stay the same). In the temp folder, because the
 * server's static files refuse paths through dot-folders such as .cache; a lock directory
 * (mkdir is atomic) makes parallel workers wait for one build instead of each making its own.
 */
export async function builtWebApp(): Promise<string> {
  const dir = join(tmpdir(), `${PREFIX}${webSourceHash()}`);
  const browser = join(dir, 'browser');
  const lock = `${dir}.lock`;
  for (;;) {
    if (existsSync(join(browser, 'index.html'))) return browser;
    try {
      mkdirSync(lock);
    } catch {
      const since = statSync(lock, { throwIfNoEntry: false })?.mtimeMs;
      if (since !== undefined && Date.now() - since > STALE_LOCK_MS) rmSync(lock, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 1000));
      continue;
    }
    try {
      if (!existsSync(join(browser, 'index.html'))) build(dir);
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
    removeOldBuilds(dir);
  }
}

function build(dir: string): void {
  const out = `${dir}.building-${process.pid}`;
  rmSync(out, { recursive: true, force: true });
  const started = Date.now();
  const result = spawnSync(process.execPath, [join(root, 'node_modules/@angular/cli/bin/ng.js'), 'build', '--output-path', out], {
    cwd: join(root, 'apps/web'),
    encoding: 'utf8',
    env: { ...process.env, NG_CLI_ANALYTICS: 'false' },
  });
  if (result.status !== 0) {
    rmSync(out, { recursive: true, force: true });
    throw new Error(`ng build failed:\n${result.stdout}\n${result.stderr}`);
  }
  writeFileSync(join(out, 'built.txt'), `${new Date().toISOString()} in ${Date.now() - started} ms from ${root}\n`);
  // Whole or not at all: a reader never sees a half-written build.
  renameSync(out, dir);
}

function removeOldBuilds(keep: string): void {
  for (const name of readdirSync(tmpdir())) {
    const path = join(tmpdir(), name);
    if (!name.startsWith(PREFIX) || path === keep || name.endsWith('.lock')) continue;
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat && Date.now() - stat.mtimeMs > OLD_BUILD_MS) rmSync(path, { recursive: true, force: true });
  }
}
