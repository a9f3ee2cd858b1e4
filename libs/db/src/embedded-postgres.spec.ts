import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgres, EmbeddedPostgresError } from './embedded-postgres';
import { isAlive, restoreSymlinks } from './embedded-postgres-host';

const root = join(__dirname, '..', '..', '..');

async function query<T>(server: EmbeddedPostgres, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: server.url() });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

/** A pid that surely belongs to no process: one that has just exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
  return Number(child.stdout.trim());
}

describe('EmbeddedPostgres', () => {
  let home: string;
  const lines: string[] = [];
  const start = (options: { port?: number } = {}) => EmbeddedPostgres.start({ dataDir: home, durable: false, log: (line) => lines.push(line), ...options });

  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), 'embedded-pg-spec-'));
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));
  beforeEach(() => (lines.length = 0));

  it('starts a real server on 127.0.0.1 with its password kept mode 600, and stops it', async () => {
    const server = await start();
    try {
      const [row] = await query<{ db: string; listen: string; superuser: string; version: string }>(
        server,
        `SELECT current_database() AS db, current_setting('listen_addresses') AS listen, current_setting('is_superuser') AS superuser, current_setting('server_version') AS version`,
      );
      expect(row).toEqual({ db: 'assistants', listen: '127.0.0.1', superuser: 'on', version: expect.stringMatching(/^18\./) });
      const passwordFile = join(home, 'postgres-password');
      expect(statSync(passwordFile).mode & 0o777).toBe(0o600);
      expect(server.url()).toContain(encodeURIComponent(readFileSync(passwordFile, 'utf8')));
      expect(lines.at(-1)).toMatch(
        new RegExp(`^embedded PostgreSQL 18\\.\\d+ on 127\\.0\\.0\\.1:${server.port}, data in ${join(home, 'postgres')} \\(ready in [\\d.]+ s\\)$`),
      );
      // Nothing answers without the password.
      const stranger = new Client({ connectionString: server.url().replace(/:[^:@]+@/, ':wrong@') });
      await expect(stranger.connect()).rejects.toThrow(/password authentication failed/);
    } finally {
      await server.stop();
    }
    expect(isAlive(server.pid)).toBe(false);
    expect(existsSync(join(home, 'postgres', 'postmaster.pid'))).toBe(false);
    await server.stop(); // twice is fine
  });

  it('keeps the data across restarts (on a new free port each time)', async () => {
    const first = await start();
    await query(first, `CREATE TABLE kept (note text); INSERT INTO kept VALUES ('still here')`);
    await first.stop();
    const second = await start();
    try {
      expect(await query(second, 'SELECT note FROM kept')).toEqual([{ note: 'still here' }]);
      expect(lines.some((line) => /creating a new server/.test(line))).toBe(false);
    } finally {
      await second.stop();
    }
  });

  it('removes a postmaster.pid whose process is gone (a crash) and starts', async () => {
    writeFileSync(join(home, 'postgres', 'postmaster.pid'), `${deadPid()}\n${join(home, 'postgres')}\n`);
    const server = await start();
    await server.stop();
    expect(lines[0]).toMatch(/removed the postmaster\.pid of a server that is gone .*did not stop cleanly/);
  });

  it('stops a server left running by a process that was killed outright, and starts afresh', async () => {
    // The API process as it crashes: it started the server and runs on (an exiting process would stop
    // its server), then dies by SIGKILL (no exit handler runs).
    const child = spawn(
      process.execPath,
      [
        '-r',
        '@swc-node/register',
        '-e',
        `require(${JSON.stringify(join(__dirname, 'embedded-postgres'))}).EmbeddedPostgres.start({ dataDir: ${JSON.stringify(home)}, durable: false, log: () => undefined }).then((s) => { console.log('PID', s.pid); setInterval(() => undefined, 1000); })`,
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const leftover = await new Promise<number>((resolve, reject) => {
      child.stdout.on('data', (data: Buffer) => {
        const pid = /PID (\d+)/.exec(data.toString())?.[1];
        if (pid) resolve(Number(pid));
      });
      child.once('exit', (code) => reject(new Error(`the child exited with ${code}`)));
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(isAlive(leftover)).toBe(true);

    const server = await start();
    try {
      expect(lines.join('\n')).toMatch(new RegExp(`a server left running on .* by an earlier run \\(pid ${leftover}\\) is stopped first`));
      expect(isAlive(leftover)).toBe(false);
      expect(await query(server, 'SELECT note FROM kept')).toEqual([{ note: 'still here' }]);
    } finally {
      await server.stop();
    }
  }, 120_000);

  it('refuses a DATA_DIR whose server belongs to another running instance', async () => {
    const server = await start();
    const other = spawn('sleep', ['30']);
    try {
      writeFileSync(join(home, 'postgres.owner'), String(other.pid));
      await expect(start()).rejects.toThrow(new RegExp(`is in use by another running instance \\(process ${other.pid}, server ${server.pid}\\)`));
    } finally {
      other.kill();
      await server.stop();
    }
  });

  it('says which port is taken when the configured one is', async () => {
    const squatter: Server = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const { port } = squatter.address() as { port: number };
    try {
      const failure = start({ port });
      await expect(failure).rejects.toThrow(EmbeddedPostgresError);
      await expect(failure).rejects.toThrow(new RegExp(`port ${port} on 127.0.0.1 is taken by another program.*EMBEDDED_POSTGRES_PORT`, 's'));
    } finally {
      squatter.close();
    }
  });

  it('says so when the password file no longer matches the server, and when the server dies under it', async () => {
    const passwordFile = join(home, 'postgres-password');
    const kept = readFileSync(passwordFile, 'utf8');
    writeFileSync(passwordFile, 'not-the-password', { mode: 0o600 });
    await expect(start()).rejects.toThrow(new RegExp(`the password in ${passwordFile} is not the server's`));
    writeFileSync(passwordFile, kept, { mode: 0o600 });

    const server = await start();
    process.kill(server.pid, 'SIGKILL');
    for (let i = 0; i < 100 && !lines.some((line) => line.includes('stopped unexpectedly')); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(lines.at(-1)).toMatch(/embedded PostgreSQL stopped unexpectedly \(SIGKILL\); see .*postgres\.log/);
    await server.stop();
    // The next start clears what the killed server left.
    await (await start()).stop();
  });
});

describe('the binaries package installed without its install script', () => {
  it('gets the library links the script would have made (npm packs no symlinks)', () => {
    const root = mkdtempSync(join(tmpdir(), 'pg-package-'));
    try {
      mkdirSync(join(root, 'native', 'lib'), { recursive: true });
      writeFileSync(join(root, 'native', 'lib', 'libicuuc.so.60.2'), 'library');
      const links = [
        { source: 'native/lib/libicuuc.so.60.2', target: 'native/lib/libicuuc.so.60' },
        { source: 'native/lib/libicuuc.so.60.2', target: 'native/lib/libicuuc.so' },
      ];
      writeFileSync(join(root, 'native', 'pg-symlinks.json'), JSON.stringify(links));
      restoreSymlinks(root);
      restoreSymlinks(root); // and again, with the links there
      for (const { target } of links) {
        expect(readlinkSync(join(root, target))).toBe('libicuuc.so.60.2');
        expect(readFileSync(join(root, target), 'utf8')).toBe('library');
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
