import { expectProblem, loginAdmin, registerUser, startTestApp, type TestApp, type TestUser } from '../support/api-app';

const SOURCE = {
  citation: 1,
  chunkId: 'c1',
  documentId: 'd1',
  filename: 'travel-policy.pdf',
  position: 4,
  score: 0.87,
  text: 'Trips over 3 days need approval.',
  metadata: { page: 2 },
};

describe('share links', () => {
  let t: TestApp;
  let owner: TestUser;
  let other: TestUser;
  let admin: TestUser;
  let conversation: string;

  beforeAll(async () => {
    t = await startTestApp();
    [owner, other, admin] = await Promise.all([registerUser(t, 'sharer'), registerUser(t, 'share-reader'), loginAdmin(t)]);
    const assistant = (await t.http().post('/api/assistants').set(owner.auth).send({ name: 'Travel desk', systemPrompt: 'SECRET PROMPT' }).expect(201)).body.id;
    conversation = (await t.http().post('/api/conversations').set(owner.auth).send({ assistantId: assistant, title: 'Trip to Kazan' }).expect(201)).body.id;
    const at = (s: number) => new Date(Date.UTC(2026, 11, 6, 10, 0, s));
    const q = await t.prisma.message.create({ data: { conversationId: conversation, role: 'user', content: 'Do I need approval?', createdAt: at(0) } });
    await t.prisma.message.create({
      data: {
        conversationId: conversation,
        role: 'assistant',
        content: 'Yes, for trips **over 3 days** [1].',
        replyToId: q.id,
        parentId: q.id,
        searchResults: [SOURCE],
        llmRequest: { provider: 'x', model: 'm', messages: [{ role: 'system', content: 'SECRET PROMPT' }] },
        createdAt: at(1),
      },
    });
    // An older version, not on the chosen branch: a shared page never shows it.
    await t.prisma.message.create({
      data: { conversationId: conversation, role: 'assistant', content: 'OLD VERSION', replyToId: q.id, parentId: q.id, active: false, createdAt: at(2) },
    });
  });
  afterAll(() => t.close());

  const share = (audience?: string, user = owner, id = conversation) =>
    t
      .http()
      .post(`/api/conversations/${id}/shares`)
      .set(user.auth)
      .send(audience ? { audience } : {});

  it('makes a signed-in link by default, shows its token once, and opens it read-only for any signed-in user', async () => {
    const created = (await share().expect(201)).body;
    expect(created).toEqual({
      id: expect.any(String),
      audience: 'signed_in',
      createdAt: expect.any(String),
      token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      url: `/shared/${created.token}`,
    });
    // Only the hash is stored.
    const row = await t.prisma.conversationShare.findUniqueOrThrow({ where: { id: created.id } });
    expect(JSON.stringify(row)).not.toContain(created.token);

    const listed = (await t.http().get(`/api/conversations/${conversation}/shares`).set(owner.auth).expect(200)).body;
    expect(listed).toContainEqual({ id: created.id, audience: 'signed_in', createdAt: created.createdAt });
    expect(JSON.stringify(listed)).not.toContain(created.token);

    const view = (await t.http().get(`/api/shared/${created.token}`).set(other.auth).expect(200)).body;
    expect(view).toEqual({
      title: 'Trip to Kazan',
      assistantName: 'Travel desk',
      createdAt: expect.any(String),
      audience: 'signed_in',
      truncated: false,
      messages: [
        { id: expect.any(String), role: 'user', content: 'Do I need approval?', status: 'done', createdAt: '2026-12-06T10:00:00.000Z', sources: [] },
        {
          id: expect.any(String),
          role: 'assistant',
          content: 'Yes, for trips **over 3 days** [1].',
          status: 'done',
          createdAt: '2026-12-06T10:00:01.000Z',
          sources: [{ citation: 1, filename: 'travel-policy.pdf', page: 2, text: 'Trips over 3 days need approval.' }],
        },
      ],
    });
    expect(JSON.stringify(view)).not.toMatch(/SECRET PROMPT|OLD VERSION|llmRequest|chunkId|score/);

    // Without a session: a 401 problem saying to sign in.
    expect(expectProblem(await t.http().get(`/api/shared/${created.token}`), 401).code).toBe('share.sign_in_required');
  });

  it("opens an 'anyone' link without signing in", async () => {
    const created = (await share('anyone').expect(201)).body;
    expect(created.audience).toBe('anyone');
    const view = (await t.http().get(`/api/shared/${created.token}`).expect(200)).body;
    expect(view.messages.map((m: { content: string }) => m.content)).toEqual(['Do I need approval?', 'Yes, for trips **over 3 days** [1].']);
  });

  it('answers an unknown, malformed or revoked token with a 404 problem', async () => {
    for (const token of ['A'.repeat(43), 'short', '..%2F..%2Fetc', 'x'.repeat(5000)]) {
      expect(expectProblem(await t.http().get(`/api/shared/${token}`).set(other.auth), 404).code).toBe('share.not_found');
    }
    const created = (await share('anyone').expect(201)).body;
    await t.http().delete(`/api/conversations/${conversation}/shares/${created.id}`).set(owner.auth).expect(204);
    expect(expectProblem(await t.http().get(`/api/shared/${created.token}`), 404).code).toBe('share.not_found');
    expect(expectProblem(await t.http().get(`/api/shared/${created.token}`).set(owner.auth), 404).code).toBe('share.not_found');
    const listed = (await t.http().get(`/api/conversations/${conversation}/shares`).set(owner.auth).expect(200)).body;
    expect(listed.map((s: { id: string }) => s.id)).not.toContain(created.id);
    // Revoking it again: nothing to revoke.
    expect(expectProblem(await t.http().delete(`/api/conversations/${conversation}/shares/${created.id}`).set(owner.auth), 404).code).toBe('share.not_found');
  });

  it('lets only the owner make, list and revoke links', async () => {
    const created = (await share().expect(201)).body;
    for (const user of [other, admin]) {
      expectProblem(await share(undefined, user), 403);
      expectProblem(await t.http().get(`/api/conversations/${conversation}/shares`).set(user.auth), 403);
      expectProblem(await t.http().delete(`/api/conversations/${conversation}/shares/${created.id}`).set(user.auth), 403);
    }
    expectProblem(await t.http().post(`/api/conversations/${conversation}/shares`).send({}), 401);
    // Still there: no one else revoked it.
    await t.http().get(`/api/shared/${created.token}`).set(other.auth).expect(200);
  });

  it('refuses a bad audience, unknown fields and too many links with clear 4xx problems', async () => {
    expect(expectProblem(await share('everyone'), 400).code).toBe('validation.failed');
    expect(
      expectProblem(await t.http().post(`/api/conversations/${conversation}/shares`).set(owner.auth).send({ audience: 'anyone', token: 'mine' }), 400).code,
    ).toBe('validation.failed');
    expectProblem(await t.http().post('/api/conversations/not-a-uuid/shares').set(owner.auth).send({}), 404);
    const assistant = (await t.http().post('/api/assistants').set(owner.auth).send({ name: 'Many' }).expect(201)).body.id;
    const busy = (await t.http().post('/api/conversations').set(owner.auth).send({ assistantId: assistant, title: 'Busy' }).expect(201)).body.id;
    for (let i = 0; i < 20; i++) await share('anyone', owner, busy).expect(201);
    const refused = expectProblem(await share('anyone', owner, busy), 409);
    expect(refused).toMatchObject({ code: 'share.too_many', params: { max: 20 } });
  });

  it("removes a conversation's links when it is deleted", async () => {
    const assistant = (await t.http().post('/api/assistants').set(owner.auth).send({ name: 'Gone' }).expect(201)).body.id;
    const doomed = (await t.http().post('/api/conversations').set(owner.auth).send({ assistantId: assistant, title: 'Doomed' }).expect(201)).body.id;
    const created = (await share('anyone', owner, doomed).expect(201)).body;
    await t.http().get(`/api/shared/${created.token}`).expect(200);
    await t.http().delete(`/api/conversations/${doomed}`).set(owner.auth).expect(204);
    expect(await t.prisma.conversationShare.count({ where: { conversationId: doomed } })).toBe(0);
    expect(expectProblem(await t.http().get(`/api/shared/${created.token}`), 404).code).toBe('share.not_found');
  });
});
