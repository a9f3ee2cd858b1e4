import { ADMIN, expectProblem, loginAdmin, registerUser, startTestApp, type TestApp, uniqueEmail } from '../support/api-app';
import { scratchTarget } from '../support/test-database';
import { AuthService, REGISTRATION_ACCEPTED } from '../../apps/api/src/auth/auth.service';

describe('auth: accounts, tokens, API keys', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('registers, logs in and tells who is asking; passwords are hashed with argon2', async () => {
    const email = uniqueEmail('ann');
    const reg = await t
      .http()
      .post('/api/auth/register')
      .send({ email: `  ${email.toUpperCase()} `, name: 'Ann', password: 'password-123' })
      .expect(202);
    expect(reg.body).toEqual(REGISTRATION_ACCEPTED);
    const stored = await t.prisma.user.findUniqueOrThrow({ where: { email } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);

    const login = await t.http().post('/api/auth/login').send({ email, password: 'password-123' }).expect(200);
    expect(login.body).toMatchObject({ tokenType: 'Bearer', expiresIn: expect.any(Number), user: { email, role: 'member' } });
    expect(login.body.user.passwordHash).toBeUndefined();
    const me = await t.http().get('/api/auth/me').set('Authorization', `Bearer ${login.body.accessToken}`).expect(200);
    expect(me.body).toMatchObject({ id: stored.id, email, name: 'Ann', role: 'member' });
  });

  it('refuses wrong passwords and bad tokens', async () => {
    const user = await registerUser(t);
    expectProblem(await t.http().post('/api/auth/login').send({ email: user.email, password: 'wrong-password' }), 401);
    expectProblem(
      await t
        .http()
        .post('/api/auth/login')
        .send({ email: uniqueEmail('ghost'), password: 'whatever1' }),
      401,
    );
    expectProblem(await t.http().get('/api/auth/me'), 401);
    expectProblem(await t.http().get('/api/auth/me').set('Authorization', 'Bearer not.a.jwt'), 401);
    expectProblem(await t.http().get('/api/auth/me').set('Authorization', 'Basic abc'), 401);
    // A bad token is refused even on a public route rather than treated as anonymous.
    expectProblem(await t.http().get('/api/assistants').set('Authorization', 'Bearer ak_unknown'), 401);
  });

  it('creates the first administrator from the environment', async () => {
    const admin = await loginAdmin(t);
    const me = await t.http().get('/api/auth/me').set(admin.auth).expect(200);
    expect(me.body).toMatchObject({ email: ADMIN.email, role: 'admin' });
  });

  it('issues API keys that authenticate services, shows only their prefix, and revokes them', async () => {
    const user = await registerUser(t, 'keys');
    const created = await t.http().post('/api/auth/api-keys').set(user.auth).send({ name: 'billing' }).expect(201);
    const key: string = created.body.key;
    expect(key).toMatch(/^ak_[\w-]{32}$/);
    expect(key.startsWith(created.body.prefix)).toBe(true);

    const list = await t.http().get('/api/auth/api-keys').set(user.auth).expect(200);
    expect(list.body).toEqual([expect.objectContaining({ id: created.body.id, name: 'billing', prefix: created.body.prefix })]);
    expect(JSON.stringify(list.body)).not.toContain(key);
    const stored = await t.prisma.apiKey.findUniqueOrThrow({ where: { id: created.body.id } });
    expect(stored.keyHash).not.toContain(key);

    const me = await t.http().get('/api/auth/me').set('Authorization', `Bearer ${key}`).expect(200);
    expect(me.body.id).toBe(user.id);

    const other = await registerUser(t, 'other');
    expectProblem(await t.http().delete(`/api/auth/api-keys/${created.body.id}`).set(other.auth), 403);
    await t.http().delete(`/api/auth/api-keys/${created.body.id}`).set(user.auth).expect(204);
    expectProblem(await t.http().get('/api/auth/me').set('Authorization', `Bearer ${key}`), 401);
  });

  it('refuses expired API keys', async () => {
    const user = await registerUser(t, 'expiring');
    const created = await t.http().post('/api/auth/api-keys').set(user.auth).send({ name: 'short', expiresInDays: 1 }).expect(201);
    await t.prisma.apiKey.update({ where: { id: created.body.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const res = await t.http().get('/api/auth/me').set('Authorization', `Bearer ${created.body.key}`);
    expect(expectProblem(res, 401).detail).toMatch(/expired/);
  });

  it('signs out everywhere with POST /api/auth/logout: every token issued so far is 401 on /api and /v1; API keys and a fresh sign-in work', async () => {
    const user = await registerUser(t, 'leaving');
    const signIn = async () =>
      (await t.http().post('/api/auth/login').send({ email: user.email, password: 'password-123' }).expect(200)).body.accessToken as string;
    const otherDevice = await signIn();
    const key = (await t.http().post('/api/auth/api-keys').set(user.auth).send({ name: 'kept' }).expect(201)).body.key;
    await t.http().post('/api/auth/logout').set(user.auth).expect(204);
    for (const token of [user.token, otherDevice]) {
      expect(expectProblem(await t.http().get('/api/auth/me').set('Authorization', `Bearer ${token}`), 401).detail).toMatch(/sign in again/);
      const v1 = await t.http().get('/v1/models').set('Authorization', `Bearer ${token}`);
      expect({ status: v1.status, type: v1.body.error?.type }).toEqual({ status: 401, type: 'invalid_request_error' });
    }
    await t.http().get('/api/auth/me').set('Authorization', `Bearer ${key}`).expect(200);
    // Signed in again at once, likely within the same second as the sign-out: the new token works.
    await t
      .http()
      .get('/api/auth/me')
      .set('Authorization', `Bearer ${await signIn()}`)
      .expect(200);
  });

  it('lets only the caller sign themself out: anonymous 401, a key without the admin scope 403', async () => {
    const user = await registerUser(t, 'stays');
    const chatKey = (await t.http().post('/api/auth/api-keys').set(user.auth).send({ name: 'chat' }).expect(201)).body.key;
    expect(expectProblem(await t.http().post('/api/auth/logout'), 401)).toMatchObject({ code: 'auth.sign_in_or_api_key' });
    expect(expectProblem(await t.http().post('/api/auth/logout').set('Authorization', `Bearer ${chatKey}`), 403)).toMatchObject({
      code: 'auth.scope_missing',
      params: { scope: 'admin' },
      detail: 'This API key lacks the "admin" scope; make a key with it (scopes: chat, read, admin).',
    });
    await t.http().get('/api/auth/me').set(user.auth).expect(200);
  });

  it('lets administrators manage users and give service accounts API keys', async () => {
    const admin = await loginAdmin(t);
    const member = await registerUser(t);
    expectProblem(await t.http().get('/api/users').set(member.auth), 403);

    const service = await t
      .http()
      .post('/api/users')
      .set(admin.auth)
      .send({ email: uniqueEmail('svc'), name: 'CRM sync', isServiceAccount: true })
      .expect(201);
    expect(service.body).toMatchObject({ isServiceAccount: true, role: 'member' });
    const key = await t.http().post(`/api/users/${service.body.id}/api-keys`).set(admin.auth).send({ name: 'crm' }).expect(201);
    const me = await t.http().get('/api/auth/me').set('Authorization', `Bearer ${key.body.key}`).expect(200);
    expect(me.body.id).toBe(service.body.id);
    // Service accounts have no password to log in with.
    expectProblem(await t.http().post('/api/auth/login').send({ email: service.body.email, password: 'anything1' }), 401);

    const promoted = await t.http().patch(`/api/users/${member.id}`).set(admin.auth).send({ role: 'admin' }).expect(200);
    expect(promoted.body.role).toBe('admin');
    expectProblem(await t.http().patch(`/api/users/${admin.id}`).set(admin.auth).send({ role: 'member' }), 409);

    const page = await t.http().get('/api/users?limit=2&offset=0').set(admin.auth).expect(200);
    expect(page.body.items).toHaveLength(2);
    expect(page.body.total).toBeGreaterThanOrEqual(3);
  });
});

describe('auth on a fresh installation', () => {
  it('makes the first person to register the administrator, and can close registration', async () => {
    const scratch = await scratchTarget();
    const env = { ADMIN_EMAIL: '', ADMIN_PASSWORD: '', ...(scratch.target.kind === 'postgres' && { DATABASE_URL: scratch.target.url }) };
    const t = await startTestApp(env);
    try {
      const first = await registerUser(t, 'first');
      expect((await t.http().get('/api/auth/me').set(first.auth).expect(200)).body.role).toBe('admin');
      const second = await registerUser(t, 'second');
      expect((await t.http().get('/api/auth/me').set(second.auth).expect(200)).body.role).toBe('member');
    } finally {
      await t.close();
      await scratch.drop();
    }
    const closed = await startTestApp({ ALLOW_REGISTRATION: 'false' });
    try {
      expectProblem(await closed.http().post('/api/auth/register').send({ email: uniqueEmail(), name: 'X', password: 'password-123' }), 403);
    } finally {
      await closed.close();
    }
  });

  it('makes exactly one administrator when the first registrations arrive together', async () => {
    const scratch = await scratchTarget();
    const env = { ADMIN_EMAIL: '', ADMIN_PASSWORD: '', ...(scratch.target.kind === 'postgres' && { DATABASE_URL: scratch.target.url }) };
    const t = await startTestApp(env);
    try {
      // Called on the service, with hashing made instant, so the twelve transactions truly overlap
      // (over HTTP, each request's password check and argon2 hash spread them out).
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const argon2: typeof import('@node-rs/argon2') = require('@node-rs/argon2');
      jest.spyOn(argon2, 'hash').mockResolvedValue('$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA');
      const auth = t.app.get(AuthService);
      const emails = Array.from({ length: 12 }, () => uniqueEmail('racer'));
      await Promise.all(emails.map((email) => auth.register({ email, name: 'Racer', password: 'password-123' })));
      const roles = await t.prisma.user.findMany({ where: { email: { in: emails } }, select: { role: true } });
      expect(roles).toHaveLength(12);
      expect(roles.filter((u) => u.role === 'admin')).toHaveLength(1);
    } finally {
      jest.restoreAllMocks();
      await t.close();
      await scratch.drop();
    }
  });
});
