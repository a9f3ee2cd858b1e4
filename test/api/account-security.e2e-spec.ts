import { randomUUID } from 'node:crypto';
import { REGISTRATION_ACCEPTED } from '../../apps/api/src/auth/auth.service';
import { ADMIN, craftJwt, expectProblem, loginAdmin, registerUser, startTestApp, type TestApp, uniqueEmail } from '../support/api-app';
import { connectLive, listenForWebSocket } from '../support/live-client';

// The module object itself (not an import copy), so a spy sees the service's calls.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const argon2: typeof import('@node-rs/argon2') = require('@node-rs/argon2');

describe('account security', () => {
  let t: TestApp;
  let secret: string;
  beforeAll(async () => {
    t = await startTestApp();
    secret = t.config.jwt.secret!;
  });
  afterAll(() => t.close());
  afterEach(() => jest.restoreAllMocks());

  describe('does not tell who has an account', () => {
    it('verifies a password hash for unknown emails too, and answers every failed login alike', async () => {
      const user = await registerUser(t, 'known');
      const verify = jest.spyOn(argon2, 'verify');
      const known = expectProblem(await t.http().post('/api/auth/login').send({ email: user.email, password: 'wrong-password' }), 401);
      expect(verify).toHaveBeenCalledTimes(1);
      const unknown = expectProblem(
        await t
          .http()
          .post('/api/auth/login')
          .send({ email: uniqueEmail('ghost'), password: 'wrong-password' }),
        401,
      );
      expect(verify).toHaveBeenCalledTimes(2);
      expect(unknown.detail).toBe(known.detail);
    });

    it('answers registration the same whether or not the email is taken, and leaves the account alone', async () => {
      const user = await registerUser(t, 'taken');
      const hash = jest.spyOn(argon2, 'hash');
      const fresh = await t
        .http()
        .post('/api/auth/register')
        .send({ email: uniqueEmail('fresh'), name: 'Fresh', password: 'another-pass-77' });
      const taken = await t.http().post('/api/auth/register').send({ email: user.email, name: 'Intruder', password: 'another-pass-77' });
      expect([fresh.status, taken.status]).toEqual([202, 202]);
      expect(taken.body).toEqual(fresh.body);
      expect(taken.body).toEqual(REGISTRATION_ACCEPTED);
      expect(hash).toHaveBeenCalledTimes(2);
      // The owner still signs in with their own password; the second registration changed nothing.
      await t.http().post('/api/auth/login').send({ email: user.email, password: 'password-123' }).expect(200);
      expectProblem(await t.http().post('/api/auth/login').send({ email: user.email, password: 'another-pass-77' }), 401);
      expect((await t.prisma.user.findUniqueOrThrow({ where: { email: user.email } })).name).toBe('taken');
    });
  });

  describe('JWT', () => {
    it('accepts only HS256 tokens it signed', async () => {
      const user = await registerUser(t, 'jwt');
      const now = Math.floor(Date.now() / 1000);
      const claims = { sub: user.id, iat: now, exp: now + 600 };
      await t
        .http()
        .get('/api/auth/me')
        .set('Authorization', `Bearer ${craftJwt({ alg: 'HS256', typ: 'JWT' }, claims, secret)}`)
        .expect(200);
      for (const token of [
        craftJwt({ alg: 'none', typ: 'JWT' }, claims),
        craftJwt({ alg: 'HS512', typ: 'JWT' }, claims, secret, 'sha512'),
        craftJwt({ alg: 'HS384', typ: 'JWT' }, claims, secret, 'sha384'),
      ]) {
        expectProblem(await t.http().get('/api/auth/me').set('Authorization', `Bearer ${token}`), 401);
      }
    });

    it('keeps a token from before a disable dead once the account is enabled again (REST, /v1 and the WebSocket)', async () => {
      const admin = await loginAdmin(t);
      const user = await registerUser(t, 'revived');
      for (const disabled of [true, false]) await t.http().patch(`/api/users/${user.id}`).set(admin.auth).send({ disabled }).expect(200);
      expect(expectProblem(await t.http().get('/api/auth/me').set(user.auth), 401).detail).toMatch(/revoked/);
      expect((await t.http().get('/v1/models').set(user.auth)).status).toBe(401);
      await expect(connectLive(await listenForWebSocket(t.app), user.token)).rejects.toMatchObject({ status: 401 });
      const fresh = await t.http().post('/api/auth/login').send({ email: user.email, password: 'password-123' }).expect(200);
      await t.http().get('/api/auth/me').set('Authorization', `Bearer ${fresh.body.accessToken}`).expect(200);
    });

    it('tells a token issued just before a revocation from one issued just after, within the same second', async () => {
      const user = await registerUser(t, 'same-second');
      // The revocation at the last millisecond of this second: whatever is signed in this second came before it.
      const second = Math.floor(Date.now() / 1000);
      await t.prisma.user.update({ where: { id: user.id }, data: { tokensValidAfter: new Date(second * 1000 + 999) } });
      const sameSecond = craftJwt({ alg: 'HS256', typ: 'JWT' }, { sub: user.id, iat: second, exp: second + 600 }, secret);
      for (const token of [user.token, sameSecond]) expectProblem(await t.http().get('/api/auth/me').set('Authorization', `Bearer ${token}`), 401);
      // A sign-in after the revocation is accepted, though its clock may still read that second (or one behind).
      const fresh = await t.http().post('/api/auth/login').send({ email: user.email, password: 'password-123' }).expect(200);
      await t.http().get('/api/auth/me').set('Authorization', `Bearer ${fresh.body.accessToken}`).expect(200);
    });

    it('answers 401, not 500, to a validly signed token whose subject is not a user id', async () => {
      const now = Math.floor(Date.now() / 1000);
      for (const sub of ['not-a-uuid', 42, { id: randomUUID() }, '', randomUUID()]) {
        const token = craftJwt({ alg: 'HS256', typ: 'JWT' }, { sub, iat: now, exp: now + 600 }, secret);
        expectProblem(await t.http().get('/api/auth/me').set('Authorization', `Bearer ${token}`), 401);
      }
    });
  });

  describe('passwords', () => {
    const register = (email: string, password: string) => t.http().post('/api/auth/register').send({ email, name: 'Pat', password });

    it.each([
      ['a top common password', 'password'],
      ['digits in a row', '12345678'],
      ['a keyboard walk', 'qwertyuiop'],
      ['a common password with a digit', 'iloveyou1'],
      ['a capitalised common password', 'Password1!'],
    ])('refuses %s', async (_, password) => {
      const problem = expectProblem(await register(uniqueEmail('weak'), password), 400);
      expect(problem.errors).toEqual([
        {
          field: 'password',
          messages: [expect.stringMatching(/common password or too easy to guess/)],
          code: 'validation.password_weak',
          params: { field: 'password' },
        },
      ]);
    });

    it('refuses the email address, or its part before the @, inside the password', async () => {
      const email = `pat.jones-${randomUUID().slice(0, 6)}@example.org`;
      for (const password of [email, `${email.split('@')[0]}!`, `My-${email.toUpperCase()}`]) {
        const problem = expectProblem(await register(email, password), 400);
        expect(problem.errors[0].messages[0]).toMatch(/must not contain the email address/);
      }
      expect(await t.prisma.user.findUnique({ where: { email } })).toBeNull();
      expect((await register(email, 'blue-kettle-sings-42')).status).toBe(202);
    });

    it('applies to accounts an administrator creates', async () => {
      const admin = await loginAdmin(t);
      const problem = expectProblem(
        await t
          .http()
          .post('/api/users')
          .set(admin.auth)
          .send({ email: uniqueEmail('made'), name: 'Made', password: 'letmein123' }),
        400,
      );
      expect(problem.errors[0].field).toBe('password');
    });

    it('refuses to start with a weak ADMIN_PASSWORD', async () => {
      await expect(startTestApp({ ADMIN_EMAIL: uniqueEmail('boss'), ADMIN_PASSWORD: 'password1' })).rejects.toThrow(/ADMIN_PASSWORD is a common password/);
      expect(ADMIN.password).not.toBe('password1');
    });
  });

  describe('API key scopes', () => {
    it('gives new keys chat and read by default, shows the scopes, and refuses unknown ones', async () => {
      const user = await registerUser(t, 'scopes');
      const created = await t.http().post('/api/auth/api-keys').set(user.auth).send({ name: 'default' }).expect(201);
      expect(created.body.scopes).toEqual(['chat', 'read']);
      const admin = await t
        .http()
        .post('/api/auth/api-keys')
        .set(user.auth)
        .send({ name: 'ops', scopes: ['admin', 'read'] })
        .expect(201);
      const list = await t.http().get('/api/auth/api-keys').set(user.auth).expect(200);
      expect(list.body.find((k: { id: string }) => k.id === admin.body.id).scopes).toEqual(['admin', 'read']);
      for (const scopes of [['root'], [], 'admin', [null]]) {
        expectProblem(await t.http().post('/api/auth/api-keys').set(user.auth).send({ name: 'bad', scopes }), 400);
      }
    });

    it('lets only a signed-in person or an admin-scoped key manage keys', async () => {
      const user = await registerUser(t, 'keymaker');
      const chatKey = (
        await t
          .http()
          .post('/api/auth/api-keys')
          .set(user.auth)
          .send({ name: 'chat', scopes: ['chat', 'read'] })
          .expect(201)
      ).body;
      const adminKey = (
        await t
          .http()
          .post('/api/auth/api-keys')
          .set(user.auth)
          .send({ name: 'admin', scopes: ['admin'] })
          .expect(201)
      ).body;
      const asKey = (key: string) => ({ Authorization: `Bearer ${key}` });
      const refused = expectProblem(await t.http().post('/api/auth/api-keys').set(asKey(chatKey.key)).send({ name: 'forever' }), 403);
      expect(refused.detail).toMatch(/admin/);
      expectProblem(await t.http().delete(`/api/auth/api-keys/${adminKey.id}`).set(asKey(chatKey.key)), 403);
      const made = await t.http().post('/api/auth/api-keys').set(asKey(adminKey.key)).send({ name: 'rotated' }).expect(201);
      await t.http().delete(`/api/auth/api-keys/${chatKey.id}`).set(asKey(adminKey.key)).expect(204);
      expect(made.body.scopes).toEqual(['chat', 'read']);
    });
  });
});
