import { isAlive } from '../../libs/db/src/embedded-postgres-host';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN, TEST_JWT_SECRET } from '../support/api-app';
import { freePort, spawnApp, waitForOutput } from '../support/processes';

/** The API as `npm start` runs it, with no DATABASE_URL: it starts its own PostgreSQL server in DATA_DIR. */
describe('the API in the embedded mode, as a process', () => {
  let dataDir: string;
  let api: ChildProcess | undefined;
  let port: number;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'embedded-mode-'));
  });
  afterAll(() => {
    api?.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  const start = async () => {
    port = await freePort();
    api = spawnApp('api', {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      JWT_SECRET: TEST_JWT_SECRET,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      WEB_DIST_DIR: join(dataDir, 'no-web'),
    });
    await waitForOutput(api, /listening on .*database: embedded PostgreSQL/);
  };
  const signIn = () =>
    fetch(`http://127.0.0.1:${port}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  const serverPid = () => Number(readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
  const stop = async (signal: NodeJS.Signals) => {
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) => api!.once('exit', (code, sig) => resolve(sig ?? code)));
    api!.kill(signal);
    const how = await exited;
    api = undefined;
    return how;
  };

  it('survives its own crash: the server a killed API left running is stopped at the next start, with the data kept', async () => {
    await start();
    expect((await signIn()).status).toBe(200);
    const first = serverPid();
    expect(await stop('SIGKILL')).toBe('SIGKILL');
    // Killed outright, the API could not stop its server.
    expect(isAlive(first)).toBe(true);

    await start();
    expect(isAlive(first)).toBe(false);
    expect(serverPid()).not.toBe(first);
    expect((await signIn()).status).toBe(200);
  }, 240_000);

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'stops its server cleanly on %s (after closing its connections)',
    async (signal) => {
      if (!api) await start();
      const pid = serverPid();
      expect(await stop(signal)).toBe(signal);
      expect(isAlive(pid)).toBe(false);
      expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
      expect(readFileSync(join(dataDir, 'postgres.log'), 'utf8')).toMatch(/received fast shutdown request[\s\S]*database system is shut down/);
    },
    240_000,
  );
});
