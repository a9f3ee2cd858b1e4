import { LIVE_CLOSE_CODES } from '@assistants/common';
import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { RateLimitService } from '../../apps/api/src/rate-limit/rate-limit.service';
import { connectLive, listenForWebSocket } from '../support/live-client';
import { expectProblem, registerUser, startTestApp, type TestApp, uniqueEmail } from '../support/api-app';

const REDIS_URL = 'redis://127.0.0.1:6379';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The same rules on both stores: the in-process one, and Redis shared by every API process. */
describe.each([
  ['in memory', false],
  ['on Redis', true],
])('rate limits %s', (_, useRedis) => {
  const prefix = `test:${randomBytes(4).toString('hex')}:`;
  /** Each app below gets its own key prefix, as separate installations would. */
  const store = (name: string): Record<string, string> => (useRedis ? { REDIS_URL, REDIS_KEY_PREFIX: `${prefix}${name}:` } : {});

  describe('sign-in', () => {
    let t: TestApp;
    // Addresses come from X-Forwarded-For (TRUST_PROXY), as behind a reverse proxy.
    const login = (email: string, password: string, from: string) => t.http().post('/api/auth/login').set('X-Forwarded-For', from).send({ email, password });
    beforeAll(async () => {
      t = await startTestApp({
        ...store('login'),
        TRUST_PROXY: 'loopback',
        RATE_LIMIT_LOGIN_ACCOUNT: '3/1m',
        RATE_LIMIT_LOGIN_ADDRESS: '12/1m',
        RATE_LIMIT_LOGIN_ACCOUNT_TOTAL: '8/1m',
      });
    });
    afterAll(() => t.close());

    it("does not let an attacker lock the owner out: the attacker's address waits, even with the right password; the owner's signs in", async () => {
      const owner = await registerUser(t, 'victim');
      for (let i = 0; i < 3; i++) expectProblem(await login(owner.email, `wrong-${i}-password`, '203.0.113.10'), 401);
      const blocked = await login(owner.email, 'password-123', '203.0.113.10');
      expect(expectProblem(blocked, 429).detail).toMatch(/Too many sign-in attempts/);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(60);
      // Far more failures from that address change nothing for the owner elsewhere.
      for (let i = 0; i < 10; i++) expectProblem(await login(owner.email, 'wrong-password', '203.0.113.10'), 429);
      const signedIn = await login(owner.email, 'password-123', '198.51.100.10').expect(200);
      expect(signedIn.body.user.email).toBe(owner.email);
      // Unknown accounts are counted the same way, so a 429 says nothing about existence.
      const ghost = uniqueEmail('ghost');
      for (let i = 0; i < 3; i++) expectProblem(await login(ghost, 'wrong-password', '203.0.113.11'), 401);
      expectProblem(await login(ghost, 'wrong-password', '203.0.113.11'), 429);
    });

    it('counts an IPv6 network (/64) as one address', async () => {
      const owner = await registerUser(t, 'ipv6');
      for (let i = 0; i < 3; i++) expectProblem(await login(owner.email, 'wrong-password', `2001:db8:1:2::${i + 1}`), 401);
      expectProblem(await login(owner.email, 'password-123', '2001:db8:1:2:ffff::9'), 429);
      await login(owner.email, 'password-123', '2001:db8:1:3::1').expect(200);
    });

    it('stops one address trying many accounts (spraying)', async () => {
      for (let i = 0; i < 12; i++) expectProblem(await login(uniqueEmail('spray'), 'wrong-password', '192.0.2.20'), 401);
      expectProblem(await login(uniqueEmail('spray'), 'wrong-password', '192.0.2.20'), 429);
    });

    it('past the total per account, addresses that failed for it wait; one that has not still signs in', async () => {
      const owner = await registerUser(t, 'botnet-target');
      // Eight failures from four addresses, each under its own limit: the account's total is reached.
      for (const n of [1, 2, 3, 4]) for (let i = 0; i < 2; i++) expectProblem(await login(owner.email, 'wrong-password', `192.0.2.${30 + n}`), 401);
      expectProblem(await login(owner.email, 'password-123', '192.0.2.31'), 429);
      // A new address gets its one guess; once it fails, it waits too.
      expectProblem(await login(owner.email, 'wrong-password', '192.0.2.40'), 401);
      expectProblem(await login(owner.email, 'password-123', '192.0.2.40'), 429);
      await login(owner.email, 'password-123', '198.51.100.30').expect(200);
    });
  });

  describe('requests', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ ...store('requests'), RATE_LIMIT_USER: '8/1m', RATE_LIMIT_API_KEY: '3/1m', RATE_LIMIT_ANONYMOUS: '1000/1m' });
    });
    afterAll(() => t.close());

    it('counts every request of a user against one limit, whichever of their tokens and keys it comes with', async () => {
      const user = await registerUser(t, 'busy');
      const mint = async () => ({
        Authorization: `Bearer ${(await t.http().post('/api/auth/api-keys').set(user.auth).send({ name: 'k' }).expect(201)).body.key}`,
      });
      const [one, two] = [await mint(), await mint()];
      for (let i = 0; i < 3; i++) await t.http().get('/api/auth/me').set(one).expect(200);
      for (let i = 0; i < 2; i++) await t.http().get('/api/auth/me').set(two).expect(200);
      await t.http().get('/api/auth/me').set(user.auth).expect(200);
      // Eight requests: the second key has used two of its own three, yet the user is done for now.
      const blocked = await t.http().get('/api/auth/me').set(two);
      expectProblem(blocked, 429);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expectProblem(await t.http().get('/api/auth/me').set(user.auth), 429);
      // Someone else is not affected.
      const other = await registerUser(t, 'calm');
      await t.http().get('/api/auth/me').set(other.auth).expect(200);
    });

    it('limits each API key on its own too, below its user', async () => {
      const user = await registerUser(t, 'scripted');
      const key = { Authorization: `Bearer ${(await t.http().post('/api/auth/api-keys').set(user.auth).send({ name: 'k' }).expect(201)).body.key}` };
      for (let i = 0; i < 3; i++) await t.http().get('/api/auth/me').set(key).expect(200);
      expectProblem(await t.http().get('/api/auth/me').set(key), 429);
      await t.http().get('/api/auth/me').set(user.auth).expect(200);
    });

    it('counts WebSocket upgrades and messages against the same per-user limit', async () => {
      const user = await registerUser(t, 'socket');
      const key = (await t.http().post('/api/auth/api-keys').set(user.auth).send({ name: 'live' }).expect(201)).body.key as string;
      for (let i = 0; i < 5; i++) await t.http().get('/api/auth/me').set(user.auth).expect(200);
      const client = await connectLive(await listenForWebSocket(t.app), key); // 7
      client.send({ type: 'ping', id: 'p0' }); // 8
      await client.next((m) => m.type === 'pong' && m.id === 'p0');
      // The key has made two requests of its own three; its user has made nine.
      client.send({ type: 'ping', id: 'p1' });
      expect(await client.next((m) => m.type === 'error')).toMatchObject({ code: 'rate_limited' });
      expect((await client.closed).code).toBe(LIVE_CLOSE_CODES.rateLimited);
      // A new connection is refused at the upgrade.
      await expect(connectLive(await listenForWebSocket(t.app), key)).rejects.toMatchObject({ status: 429 });
    });

    it('limits anonymous callers per address', async () => {
      const limited = await startTestApp({ ...store('anonymous'), RATE_LIMIT_ANONYMOUS: '3/1m' });
      try {
        for (let i = 0; i < 3; i++) await limited.http().get('/api/assistants').expect(200);
        expectProblem(await limited.http().get('/api/assistants'), 429);
        // The health check is never limited: a busy address must not get a healthy server restarted.
        await limited.http().get('/api/health').expect(200);
      } finally {
        await limited.close();
      }
    });

    it('makes a caller who keeps going wait longer each time (backoff)', async () => {
      const limits = t.app.get(RateLimitService);
      const key = `backoff:${randomBytes(4).toString('hex')}`;
      const rule = { limit: 2, windowMs: 1000 };
      const hit = () => limits.consume(key, rule, { backoffSteps: 3 });
      expect((await hit()).allowed).toBe(true);
      expect((await hit()).allowed).toBe(true);
      const first = await hit();
      expect(first).toEqual({ allowed: false, retryAfterSeconds: 1 });
      await sleep(1100);
      expect((await hit()).allowed).toBe(true);
      const second = await hit();
      expect(second.allowed).toBe(false);
      expect(second.retryAfterSeconds).toBe(4);
    });

    if (useRedis) {
      it('keeps the counts in Redis under its key prefix, shared by every API process', async () => {
        const redis = new Redis(REDIS_URL);
        try {
          const keys = await redis.keys(`*${prefix}requests:rl:*`);
          expect(keys.length).toBeGreaterThan(0);
          const second = await startTestApp({ ...store('requests') });
          try {
            // A key that reached its limit through one API process is limited in the other too.
            const rule = { limit: 2, windowMs: 60_000 };
            const key = `shared:${randomBytes(4).toString('hex')}`;
            const [one, two] = [t.app.get(RateLimitService), second.app.get(RateLimitService)];
            expect((await one.consume(key, rule)).allowed).toBe(true);
            expect((await two.consume(key, rule)).allowed).toBe(true);
            expect((await one.consume(key, rule)).allowed).toBe(false);
            expect((await two.consume(key, rule)).allowed).toBe(false);
          } finally {
            await second.close();
          }
        } finally {
          redis.disconnect();
        }
      });
    }
  });
});

describe('rate limits without Redis', () => {
  it('let requests through (and log a warning) when Redis does not answer, rather than failing them', async () => {
    const t = await startTestApp({ REDIS_URL: 'redis://127.0.0.1:1', RATE_LIMIT_USER: '1/1m' });
    try {
      const user = await registerUser(t, 'no-redis');
      for (let i = 0; i < 3; i++) await t.http().get('/api/auth/me').set(user.auth).expect(200);
    } finally {
      await t.close();
    }
  });
});
