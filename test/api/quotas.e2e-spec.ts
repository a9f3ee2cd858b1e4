import { expectProblem, loginAdmin, registerUser, startTestApp, type TestApp, type TestUser, uniqueEmail } from '../support/api-app';

/** Seconds until the next midnight UTC, when the daily counts start again. */
const secondsToUtcMidnight = () => {
  const now = new Date();
  return (Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1) - now.getTime()) / 1000;
};

/** What one account may hold or make, counted per person across every token and key they have. */
describe('limits per account', () => {
  let t: TestApp;
  let admin: TestUser;
  const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });
  const mint = (auth: Record<string, string>) => t.http().post('/api/auth/api-keys').set(auth).send({ name: 'k' });

  beforeAll(async () => {
    t = await startTestApp({ MAX_API_KEYS_PER_USER: '3', MAX_CONVERSATIONS_PER_DAY: '4' });
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
    const service = (
      await t
        .http()
        .post('/api/users')
        .set(admin.auth)
        .send({ email: uniqueEmail('svc'), name: 'svc', isServiceAccount: true })
        .expect(201)
    ).body;
    for (let i = 0; i < 3; i++)
      await t
        .http()
        .post(`/api/users/${service.id}/api-keys`)
        .set(admin.auth)
        .send({ name: `k${i}` })
        .expect(201);
    expectProblem(await t.http().post(`/api/users/${service.id}/api-keys`).set(admin.auth).send({ name: 'one more' }), 409);
  });

  it('caps conversations started per day across the JWT and every key: 429 with Retry-After until midnight UTC', async () => {
    const user = await registerUser(t, 'conversation-farm');
    const assistantId = (await t.http().post('/api/assistants').set(user.auth).send({ name: 'Farm' }).expect(201)).body.id as string;
    const [one, two] = [bearer((await mint(user.auth).expect(201)).body.key), bearer((await mint(user.auth).expect(201)).body.key)];
    const start = (auth: Record<string, string>) => t.http().post('/api/conversations').set(auth).send({ assistantId });
    const first = (await start(user.auth).expect(201)).body.id as string;
    await start(one).expect(201);
    await start(two).expect(201);
    // Deleting a conversation gives none back.
    await t.http().delete(`/api/conversations/${first}`).set(user.auth).expect(204);
    await start(two).expect(201);

    const refused = await start(one);
    const problem = expectProblem(refused, 429);
    expect(problem.detail).toMatch(/daily limit of 4 new conversations/);
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(Math.abs(retryAfter - secondsToUtcMidnight())).toBeLessThanOrEqual(5);
    expectProblem(await start(user.auth), 429);
    // Neither does deleting the assistant with all its conversations.
    await t.http().delete(`/api/assistants/${assistantId}`).set(user.auth).expect(204);
    const other = (await t.http().post('/api/assistants').set(user.auth).send({ name: 'Farm 2' }).expect(201)).body.id as string;
    expectProblem(await t.http().post('/api/conversations').set(user.auth).send({ assistantId: other }), 429);
    // Someone else is not affected, and a refused start stored nothing.
    const stranger = await registerUser(t, 'neighbour');
    await t.http().post('/api/conversations').set(stranger.auth).send({ assistantId: other }).expect(403);
    const own = (await t.http().post('/api/assistants').set(stranger.auth).send({ name: 'Mine' }).expect(201)).body.id as string;
    await t.http().post('/api/conversations').set(stranger.auth).send({ assistantId: own }).expect(201);
    expect(await t.prisma.conversation.count({ where: { userId: user.id, assistantId: other } })).toBe(0);
  });

  it('never overshoots the daily conversation cap with many starts at once', async () => {
    const user = await registerUser(t, 'conversation-racer');
    const assistantId = (await t.http().post('/api/assistants').set(user.auth).send({ name: 'Race' }).expect(201)).body.id as string;
    const results = await Promise.all(Array.from({ length: 12 }, () => t.http().post('/api/conversations').set(user.auth).send({ assistantId })));
    expect(results.map((r) => r.status).filter((status) => status === 201)).toHaveLength(4);
    for (const r of results.filter((r) => r.status !== 201)) expectProblem(r, 429);
    expect(await t.prisma.conversation.count({ where: { userId: user.id } })).toBe(4);
  });

  it('turns the conversation cap off with MAX_CONVERSATIONS_PER_DAY=0', async () => {
    const unlimited = await startTestApp({ MAX_CONVERSATIONS_PER_DAY: '0' });
    try {
      const user = await registerUser(unlimited, 'unlimited');
      const assistantId = (await unlimited.http().post('/api/assistants').set(user.auth).send({ name: 'A' }).expect(201)).body.id as string;
      for (let i = 0; i < 5; i++) await unlimited.http().post('/api/conversations').set(user.auth).send({ assistantId }).expect(201);
    } finally {
      await unlimited.close();
    }
  });
});
