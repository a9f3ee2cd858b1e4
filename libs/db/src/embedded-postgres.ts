import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import {
  checkReachable,
  clearLeftoverServer,
  EmbeddedPostgresError,
  explainStartFailure,
  postgresBinaries,
  serverAccount,
  stopServer,
} from './embedded-postgres-host';

export { EmbeddedPostgresError } from './embedded-postgres-host';

export interface EmbeddedPostgresOptions {
  /** DATA_DIR: the server's files go to `postgres/`, its password to `postgres-password` (mode 600, beside `jwt-secret`), its log to `postgres.log`. */
  dataDir: string;
  /** 0 (the default) picks a free port at each start. */
  port?: number;
  /** false for throw-away servers (tests): no fsync, so a power cut may lose the data. */
  durable?: boolean;
  /** Extra server settings (`-c name=value`). */
  settings?: Record<string, string | number>;
  log?: (message: string) => void;
}

/** The role and database the product uses; the role is the server's superuser (it owns the server). */
export const EMBEDDED_USER = 'assistants';
export const EMBEDDED_DATABASE = 'assistants';
const HOST = '127.0.0.1';

/** Servers this process started and has not stopped: told to stop when the process exits, however it exits. */
const running = new Set<EmbeddedPostgres>();

/**
 * A real PostgreSQL server that the product starts as a child process and stops with itself,
 * listening on 127.0.0.1 only. It runs in a process group of its own, so a Ctrl-C in the terminal
 * reaches the product, which finishes its requests and closes its connections before stopping the
 * server; on any exit of the process it is told to stop, and a server left by a process killed
 * outright (SIGKILL, a reset) is cleared at the next start.
 */
export class EmbeddedPostgres {
  /** Set once stop() was called. */
  stopping?: Promise<void>;

  private constructor(
    readonly dataDir: string,
    readonly port: number,
    readonly version: string,
    private readonly password: string,
    private readonly child: ChildProcess,
    private readonly exited: Promise<void>,
    private readonly ownerFile: string,
  ) {}

  /** Connection URL for `database` (the product's own by default). */
  url(database = EMBEDDED_DATABASE): string {
    return `postgresql://${EMBEDDED_USER}:${encodeURIComponent(this.password)}@${HOST}:${this.port}/${database}`;
  }

  get pid(): number {
    return this.child.pid!;
  }

  static async start(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
    const started = performance.now();
    const log = options.log ?? ((message: string) => console.log(message));
    const binaries = postgresBinaries();
    const home = options.dataDir;
    const dataDir = join(home, 'postgres');
    const ownerFile = join(home, 'postgres.owner');
    mkdirSync(home, { recursive: true });
    const password = readOrCreatePassword(join(home, 'postgres-password'));
    const account = serverAccount(log);
    checkReachable(home, account, log);
    await clearLeftoverServer(dataDir, ownerFile, log);
    if (!existsSync(join(dataDir, 'PG_VERSION'))) await initialise(binaries.initdb, dataDir, password, account, options.durable !== false, log);
    checkVersion(dataDir, binaries.version);
    const durability = options.durable === false ? { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' } : {};
    const settings = { listen_addresses: HOST, unix_socket_directories: '', ...durability, ...options.settings };
    // A port picked free can be taken before the server binds it: then another one is tried.
    for (let attempt = 1; ; attempt++) {
      const port = options.port || (await freePort());
      const logFile = join(home, 'postgres.log');
      const from = existsSync(logFile) ? statSync(logFile).size : 0;
      const out = openSync(logFile, 'a');
      const args = ['-D', dataDir, '-p', String(port), ...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`])];
      const child = spawn(binaries.postgres, args, {
        ...account,
        detached: true,
        stdio: ['ignore', out, out],
        env: { ...process.env, LC_MESSAGES: 'C' },
        windowsHide: true,
      });
      closeSync(out);
      child.unref();
      const exited = new Promise<void>((done) => child.once('exit', () => done()));
      writeFileSync(ownerFile, String(process.pid));
      const server = new EmbeddedPostgres(dataDir, port, binaries.version, password, child, exited, ownerFile);
      running.add(server);
      void exited.then(() => {
        // Not asked to stop: every query fails from now on, and this line says why.
        if (!server.stopping && running.delete(server)) log(`embedded PostgreSQL stopped unexpectedly (${child.exitCode ?? child.signalCode}); see ${logFile}`);
      });
      watchProcessExit();
      const ready = await server.whenReady();
      if (ready === true) {
        await server.ensureDatabase();
        log(`embedded PostgreSQL ${server.version} on ${HOST}:${port}, data in ${dataDir} (ready in ${((performance.now() - started) / 1000).toFixed(1)} s)`);
        return server;
      }
      await server.stop();
      const said = readFrom(logFile, from);
      if (!options.port && attempt < 3 && /Address already in use/.test(said)) continue;
      throw new EmbeddedPostgresError(
        `embedded PostgreSQL did not start: ${explainStartFailure(said, ready, { port, dataDir, passwordFile: join(home, 'postgres-password') })} (log: ${logFile})`,
      );
    }
  }

  /** Stops the server (fast shutdown: open sessions end, then a checkpoint); safe to call twice. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      if (this.child.exitCode === null && this.child.signalCode === null) {
        if (process.platform === 'win32')
          await promisify(execFile)(postgresBinaries().pgCtl, ['stop', '-D', this.dataDir, '-m', 'fast', '-w']).catch(() => undefined);
        else await stopServer(this.pid);
        await this.exited;
      }
      running.delete(this);
      unwatchSignals();
      rmSync(this.ownerFile, { force: true });
    })();
    return this.stopping;
  }

  /** true once a session opens; the reason when the server exits first or takes longer than a minute. */
  private async whenReady(timeoutMs = 60_000): Promise<true | string> {
    let gone = false;
    void this.exited.then(() => (gone = true));
    for (const until = Date.now() + timeoutMs; Date.now() < until;) {
      if (gone) return `the server exited (code ${this.child.exitCode ?? this.child.signalCode})`;
      const client = new Client({ connectionString: this.url('postgres'), connectionTimeoutMillis: 2000 });
      try {
        await client.connect();
        return true;
      } catch (error) {
        const code = (error as { code?: string }).code;
        // Not listening yet, or listening and still recovering: anything else (a wrong password) will not pass.
        if (code !== 'ECONNREFUSED' && code !== '57P03' && code !== 'ECONNRESET') return `it refused the product's connection: ${(error as Error).message}`;
      } finally {
        await client.end().catch(() => undefined);
      }
      await new Promise((done) => setTimeout(done, 50));
    }
    return 'it did not accept connections within a minute';
  }

  private async ensureDatabase(): Promise<void> {
    const client = new Client({ connectionString: this.url('postgres') });
    await client.connect();
    try {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [EMBEDDED_DATABASE]);
      if (!rowCount) await client.query(`CREATE DATABASE ${EMBEDDED_DATABASE}`);
    } finally {
      await client.end();
    }
  }
}

/** The server's password: made once, kept mode 600 (readable by the product's user alone). */
function readOrCreatePassword(file: string): string {
  if (existsSync(file)) {
    if ((statSync(file).mode & 0o077) !== 0 && process.platform !== 'win32') chmodSync(file, 0o600);
    return readFileSync(file, 'utf8').trim();
  }
  const password = randomBytes(24).toString('base64url');
  writeFileSync(file, password, { mode: 0o600 });
  return password;
}

/**
 * A new cluster in a folder beside the final one, renamed into place when complete: an initdb cut
 * short leaves no half-made server for the next start to trip on. UTF-8 with the builtin C.UTF-8
 * locale: Unicode case rules for lower() and text search (Cyrillic too), code-point order, and the
 * same on every operating system (no OS locale needed).
 */
async function initialise(
  initdb: string,
  dataDir: string,
  password: string,
  account: { uid: number; gid: number } | undefined,
  durable: boolean,
  log: (message: string) => void,
): Promise<void> {
  log(`embedded PostgreSQL: creating a new server in ${dataDir}`);
  const draft = `${dataDir}.initialising`;
  rmSync(draft, { recursive: true, force: true });
  mkdirSync(draft, { mode: 0o700 });
  // initdb reads the password from a file; the server's account must read it, nobody else.
  const secretDir = mkdtempSync(join(tmpdir(), 'assistants-initdb-'));
  const pwfile = join(secretDir, 'password');
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (account) for (const path of [draft, secretDir, pwfile]) chownSync(path, account.uid, account.gid);
  const args = [
    `--pgdata=${draft}`,
    `--username=${EMBEDDED_USER}`,
    `--pwfile=${pwfile}`,
    '--auth=scram-sha-256',
    '--encoding=UTF8',
    '--locale=C',
    '--locale-provider=builtin',
    '--builtin-locale=C.UTF-8',
    '--no-instructions',
    ...(durable ? [] : ['--no-sync']),
  ];
  try {
    await promisify(execFile)(initdb, args, { ...account, env: { ...process.env, LC_MESSAGES: 'C' }, windowsHide: true });
  } catch (error) {
    const { stderr, message } = error as { stderr?: string; message: string };
    throw new EmbeddedPostgresError(`embedded PostgreSQL could not create its server in ${dataDir}: ${(stderr || message).trim()}`);
  } finally {
    rmSync(secretDir, { recursive: true, force: true });
  }
  renameSync(draft, dataDir);
}

/** A server made by another major version cannot be opened by this one (pg_upgrade would be needed). */
function checkVersion(dataDir: string, version: string): void {
  const made = readFileSync(join(dataDir, 'PG_VERSION'), 'utf8').trim();
  if (made !== version.split('.')[0]) {
    throw new EmbeddedPostgresError(
      `the data in ${dataDir} was made by PostgreSQL ${made}; this install has PostgreSQL ${version}. Use the product version that made it, or dump and restore it`,
    );
  }
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, HOST, () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}

/** What the server wrote to its log since `offset` (this start's lines). */
function readFrom(file: string, offset: number): string {
  if (!existsSync(file)) return '';
  const fd = openSync(file, 'r');
  try {
    const length = Math.min(64 * 1024, Math.max(0, statSync(file).size - offset));
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, offset);
    return buffer.toString('utf8');
  } finally {
    closeSync(fd);
  }
}

let watchingExit = false;
const signalHandlers = new Map<NodeJS.Signals, () => void>();

/**
 * On exit, however it comes (an uncaught error, process.exit), every running server is told to
 * stop; it finishes on its own. On SIGINT/SIGTERM with nobody else listening, the servers stop
 * and the signal is raised again; when someone else listens (Nest's shutdown hooks), they close
 * the application, and the database with it. The handlers go with the last server.
 */
function watchProcessExit(): void {
  if (!watchingExit) {
    watchingExit = true;
    process.on('exit', () => {
      for (const server of running) {
        try {
          process.kill(server.pid, 'SIGINT');
        } catch {
          // Already gone.
        }
      }
    });
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    if (signalHandlers.has(signal)) continue;
    const onSignal = () => {
      if (process.listenerCount(signal) > 1) return;
      void Promise.allSettled([...running].map((server) => server.stop())).then(() => process.kill(process.pid, signal));
    };
    signalHandlers.set(signal, onSignal);
    process.on(signal, onSignal);
  }
}

function unwatchSignals(): void {
  if (running.size) return;
  for (const [signal, handler] of signalHandlers) process.removeListener(signal, handler);
  signalHandlers.clear();
}
