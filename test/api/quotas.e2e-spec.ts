import { expectProblem, loginAdmin, registerUser, startTestApp, type TestApp, type TestUser, uniqueEmail } from '../support/api-app';

/** What one account may hold or make, counted per person across every token and key they have. */
describe('limits per account', () => {
  let t: TestApp;
  let admin: TestUser;
  const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });
  const mint = (auth: Record<string, string>) => t.http().post('/api/auth/api-keys').set(auth).send({ name: 'k' });

  beforeAll(async () => {
    t = await startTestApp({ MAX_API_KEYS_PER_USER: '3' });
    admin = await loginAdmin(t);
  });
  afterAll(() => t.close());

  it('refuses an API key past MAX_API_KEYS_PER_USER active ones (409 naming the limit); revoked and expired keys do not count', async () => {
    const user = await registerUser(t, 'key-hoarder');
    const keys = [];
    for (let i = 0; i < 3; i++) keys.push((await mint(user.auth).expect(201)).body);
    const refused = expectProblem(await mint(user.auth), 409);
    expect(refused.detail).toMatch(/3 active API keys/);
    expect(refused.detail).toMatch(/MAX_API_KEYS_PER_USER/);
    // A key with the admin scope cannot get round it either.
    const adminKey = await t.prisma.apiKey.update({ where: { id: keys[0].id }, data: { scopes: ['admin'] } });
    expectProblem(await mint(bearer(keys[0].key)), 409);
    await t.http().delete(`/api/auth/api-keys/${adminKey.id}`).set(user.auth).expect(204);
    await mint(user.auth).expect(201);
    await t.prisma.apiKey.update({ where: { id: keys[1].id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await mint(user.auth).expect(201);
    expectProblem(await mint(user.auth), 409);
  });

  it('never overshoots the key limit with many mints at once', async () => {
    const user = await registerUser(t, 'key-racer');
    const results = await Promise.all(Array.from({ length: 12 }, () => mint(user.auth)));
    expect(results.map((r) => r.status).filter((status) => status === 201)).toHaveLength(3);
    for (const r of results.filter((r) => r.status !== 201)) expectProblem(r, 409);
    expect(await t.prisma.apiKey.count({ where: { userId: user.id, revokedAt: null } })).toBe(3);
  });

  it("counts the keys an administrator makes for a service account against that account's limit", async () => {
    const service = (await t.http().post('/api/users').set(admin.auth).send({ email: uniqueEmail('svc'), name: 'svc', isServiceAccount: true }).expect(201)).body;
    for (let i = 0; i < 3; i++) await t.http().post(`/api/users/${service.id}/api-keys`).set(admin.auth).send({ name: `k${i}` }).expect(201);
    expectProblem(await t.http().post(`/api/users/${service.id}/api-keys`).set(admin.auth).send({ name: 'one more' }), 409);
  });
});
