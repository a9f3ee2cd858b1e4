import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { RateLimitService } from '../../apps/api/src/rate-limit/rate-limit.service';
import { expectProblem, registerUser, startTestApp, type TestApp, type TestUser, uniqueEmail } from '../support/api-app';

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
    let user: TestUser;
    beforeAll(async () => {
      t = await startTestApp({ ...store('login'), RATE_LIMIT_LOGIN_ACCOUNT: '3/1m', RATE_LIMIT_LOGIN_ADDRESS: '12/1m' });
      user = await registerUser(t, 'throttled');
    });
    afterAll(() => t.close());

    it('stops guessing one account: after the limit even the right password waits, with Retry-After', async () => {
      // registerUser signed in once already: two wrong guesses fill the account's three attempts.
      for (let i = 0; i < 2; i++) expectProblem(await t.http().post('/api/auth/login').send({ email: user.email, password: `wrong-${i}-password` }), 401);
      const blocked = await t.http().post('/api/auth/login').send({ email: user.email, password: 'password-123' });
      const problem = expectProblem(blocked, 429);
      expect(problem.detail).toMatch(/Too many sign-in attempts/);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(60);
      // Unknown accounts are counted the same way, so a 429 says nothing about existence.
      const ghost = uniqueEmail('ghost');
      for (let i = 0; i < 3; i++) expectProblem(await t.http().post('/api/auth/login').send({ email: ghost, password: 'wrong-password' }), 401);
      expectProblem(await t.http().post('/api/auth/login').send({ email: ghost, password: 'wrong-password' }), 429);
    });

    it('stops one address trying many accounts', async () => {
      // 1 + 3 + 4 attempts so far from this address (the sign-in of registerUser, then the test above).
      let status = 0;
      for (let i = 0; i < 6 && status !== 429; i++) {
        status = (await t.http().post('/api/auth/login').send({ email: uniqueEmail('spray'), password: 'wrong-password' })).status;
      }
      expect(status).toBe(429);
    });
  });

  describe('requests', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ ...store('requests'), RATE_LIMIT_USER: '5/1m', RATE_LIMIT_API_KEY: '3/1m', RATE_LIMIT_ANONYMOUS: '1000/1m' });
    });
    afterAll(() => t.close());

    it('limits each user, and each API key on its own', async () => {
      const user = await registerUser(t, 'busy');
      const key = (await t.http().post('/api/auth/api-keys').set(user.auth).send({ name: 'k' }).expect(201)).body.key as string;
      // The key creation was the user's first request.
      for (let i = 0; i < 4; i++) await t.http().get('/api/auth/me').set(user.auth).expect(200);
      const blocked = await t.http().get('/api/auth/me').set(user.auth);
      expectProblem(blocked, 429);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      for (let i = 0; i < 3; i++) await t.http().get('/api/auth/me').set('Authorization', `Bearer ${key}`).expect(200);
      expectProblem(await t.http().get('/api/auth/me').set('Authorization', `Bearer ${key}`), 429);
      // Someone else is not affected.
      const other = await registerUser(t, 'calm');
      await t.http().get('/api/auth/me').set(other.auth).expect(200);
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
