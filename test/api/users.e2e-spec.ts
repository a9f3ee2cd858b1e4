import { expectProblem, loginAdmin, registerUser, startTestApp, type TestApp, type TestUser, uniqueEmail } from '../support/api-app';

/** Administrators manage accounts: search, disable (which stops every credential at once), enable. */
describe('users administration', () => {
  let t: TestApp;
  let admin: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await loginAdmin(t);
  });
  afterAll(() => t.close());

  it('disabling stops sign-in, access tokens and API keys at once; enabling restores them', async () => {
    const member = await registerUser(t, 'to-disable');
    const key = (
      await t
        .http()
        .post('/api/auth/api-keys')
        .set(member.auth)
        .send({ name: 'k', scopes: ['read'] })
        .expect(201)
    ).body.key as string;
    const keyAuth = { Authorization: `Bearer ${key}` };
    await t.http().get('/api/auth/me').set(member.auth).expect(200);
    await t.http().get('/api/auth/me').set(keyAuth).expect(200);

    const disabled = await t.http().patch(`/api/users/${member.id}`).set(admin.auth).send({ disabled: true }).expect(200);
    expect(disabled.body.disabledAt).toEqual(expect.any(String));

    expect(expectProblem(await t.http().get('/api/auth/me').set(member.auth), 401).detail).toMatch(/disabled/);
    expect(expectProblem(await t.http().get('/api/auth/me').set(keyAuth), 401).detail).toMatch(/disabled/);
    // The right password learns that the account is disabled; a wrong one learns nothing new.
    expect(expectProblem(await t.http().post('/api/auth/login').send({ email: member.email, password: 'password-123' }), 403).detail).toMatch(/disabled/);
    expect(expectProblem(await t.http().post('/api/auth/login').send({ email: member.email, password: 'wrong-password-1' }), 401).detail).toBe(
      'Email or password is wrong.',
    );

    // Disabling twice keeps the first date.
    const again = await t.http().patch(`/api/users/${member.id}`).set(admin.auth).send({ disabled: true }).expect(200);
    expect(again.body.disabledAt).toBe(disabled.body.disabledAt);

    const enabled = await t.http().patch(`/api/users/${member.id}`).set(admin.auth).send({ disabled: false }).expect(200);
    expect(enabled.body.disabledAt).toBeNull();
    await t.http().post('/api/auth/login').send({ email: member.email, password: 'password-123' }).expect(200);
    await t.http().get('/api/auth/me').set(keyAuth).expect(200);
  });

  it('stops the API keys of a disabled service account', async () => {
    const service = await t
      .http()
      .post('/api/users')
      .set(admin.auth)
      .send({ email: uniqueEmail('svc'), name: 'svc', isServiceAccount: true })
      .expect(201);
    const key = (await t.http().post(`/api/users/${service.body.id}/api-keys`).set(admin.auth).send({ name: 'svc' }).expect(201)).body.key as string;
    await t
      .http()
      .get('/api/assistants')
      .set({ Authorization: `Bearer ${key}` })
      .expect(200);
    await t.http().patch(`/api/users/${service.body.id}`).set(admin.auth).send({ disabled: true }).expect(200);
    expectProblem(
      await t
        .http()
        .get('/api/assistants')
        .set({ Authorization: `Bearer ${key}` }),
      401,
    );
  });

  it("makes API keys only for service accounts: a member's (or another admin's) is 403, so no admin can act as them", async () => {
    const member = await registerUser(t, 'not-a-service');
    const assistant = (await t.http().post('/api/assistants').set(member.auth).send({ name: 'Private' }).expect(201)).body.id as string;
    await t.http().post('/api/conversations').set(member.auth).send({ assistantId: assistant }).expect(201);
    const refused = expectProblem(await t.http().post(`/api/users/${member.id}/api-keys`).set(admin.auth).send({ name: 'act-as' }), 403);
    expect(refused.detail).toMatch(/only for service accounts/);
    const otherAdmin = await t
      .http()
      .post('/api/users')
      .set(admin.auth)
      .send({ email: uniqueEmail('admin3'), name: 'Third admin', password: 'correct-horse-92', role: 'admin' })
      .expect(201);
    expectProblem(await t.http().post(`/api/users/${otherAdmin.body.id}/api-keys`).set(admin.auth).send({ name: 'act-as' }), 403);
    // Nothing was made, and an admin's own key reaches no further than the admin.
    expect(await t.prisma.apiKey.count({ where: { userId: { in: [member.id, otherAdmin.body.id] } } })).toBe(0);
  });

  it('refuses to let an administrator disable or demote themself (409)', async () => {
    const second = await t
      .http()
      .post('/api/users')
      .set(admin.auth)
      .send({ email: uniqueEmail('admin2'), name: 'Second admin', password: 'correct-horse-92', role: 'admin' })
      .expect(201);
    const login = await t.http().post('/api/auth/login').send({ email: second.body.email, password: 'correct-horse-92' }).expect(200);
    const auth = { Authorization: `Bearer ${login.body.accessToken}` };
    expect(expectProblem(await t.http().patch(`/api/users/${second.body.id}`).set(auth).send({ disabled: true }), 409)).toMatchObject({
      code: 'user.cannot_disable_self',
      detail: expect.stringMatching(/own account/),
    });
    expect(expectProblem(await t.http().patch(`/api/users/${second.body.id}`).set(auth).send({ role: 'member' }), 409)).toMatchObject({
      code: 'user.cannot_demote_self',
    });
    // An unknown account names its kind and id, for the web app to say in the person's language.
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect(expectProblem(await t.http().patch(`/api/users/${unknown}`).set(admin.auth).send({ name: 'Nobody' }), 404)).toMatchObject({
      code: 'resource.id_unknown',
      params: { kind: 'user', id: unknown },
      detail: `No user has id ${unknown}.`,
    });
    // Another administrator may do both.
    await t.http().patch(`/api/users/${second.body.id}`).set(admin.auth).send({ role: 'member', disabled: true }).expect(200);
    expectProblem(await t.http().get('/api/auth/me').set(auth), 401);
  });

  it('searches by email or name, literally, with paging', async () => {
    const tag = `Zq_${Date.now().toString(36)}`;
    for (const n of [1, 2, 3]) {
      await t
        .http()
        .post('/api/users')
        .set(admin.auth)
        .send({ email: uniqueEmail(`find${n}`), name: `${tag} person ${n}`, password: 'correct-horse-92' })
        .expect(201);
    }
    const first = await t.http().get('/api/users').query({ search: tag.toLowerCase(), limit: 2 }).set(admin.auth).expect(200);
    expect(first.body.total).toBe(3);
    expect(first.body.items).toHaveLength(2);
    const rest = await t.http().get('/api/users').query({ search: tag, limit: 2, offset: 2 }).set(admin.auth).expect(200);
    expect(rest.body.items.map((u: { name: string }) => u.name)).toEqual([`${tag} person 3`]);
    // "_" matches itself, not any one character.
    const literal = await t
      .http()
      .get('/api/users')
      .query({ search: tag.replace('_', 'x') })
      .set(admin.auth)
      .expect(200);
    expect(literal.body.total).toBe(0);
  });
});
