import { loginAdmin, registerUser, expectProblem, type TestUser } from '../support/api-app';
import { type ChatHarness, createChatSetup, sendMessage, startChatHarness, waitForTask } from '../support/chat-harness';
import { startFakeLlmServer, type FakeLlmServer } from '../support/fake-llm-server';

/**
 * Providers admins add: the built-in one is the fake LLM of the harness (LLM_BASE_URL); a second
 * fake, with models of its own, is added in the app. Its key is sealed at rest and shown to nobody.
 */
describe('LLM providers, assistant models and the model of a conversation', () => {
  let h: ChatHarness;
  let second: FakeLlmServer;
  let admin: TestUser;
  let member: TestUser;
  const KEY = 'sk-second-provider-secret-123';
  const api = () => h.t.http();

  beforeAll(async () => {
    // The second provider is on 127.0.0.1: allowed here as an operator would for Ollama next door.
    h = await startChatHarness('embedded', { LLM_PROVIDERS_ALLOW_PRIVATE_NETWORKS: 'true' });
    second = await startFakeLlmServer({ models: ['second-large', 'second-small'] });
    admin = await loginAdmin(h.t);
    member = await registerUser(h.t, 'model-member');
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    await second?.close();
  });
  beforeEach(() => {
    h.llm.reset();
    second.reset();
  });

  const addProvider = async () =>
    (
      await api()
        .post('/api/llm-providers')
        .set(admin.auth)
        .send({ name: 'Second', baseUrl: `${second.baseUrl}/`, apiKey: KEY })
        .expect(201)
    ).body;

  it('lets admins add a provider, lists its /models with its key, and never shows or stores the key in the clear', async () => {
    const provider = await addProvider();
    expect(provider).toMatchObject({
      name: 'Second',
      builtin: false,
      baseUrl: second.baseUrl,
      apiKey: '••••',
      models: ['second-large', 'second-small'],
      status: 'ok',
    });
    expect(second.requests.find((r) => r.path === '/v1/models')?.headers.authorization).toBe(`Bearer ${KEY}`);

    const listed = (await api().get('/api/llm-providers').set(admin.auth).expect(200)).body;
    expect(listed[0]).toMatchObject({ id: null, builtin: true, apiKey: null });
    expect(listed[0].models).toEqual(expect.arrayContaining(['fake-large', 'fake-small']));
    expect(JSON.stringify(listed)).not.toContain(KEY);
    expect(JSON.stringify((await api().get(`/api/llm-providers/${provider.id}`).set(admin.auth).expect(200)).body)).not.toContain(KEY);

    const [row] = await h.t.db.sql.query<{ api_key: string }>('SELECT api_key FROM llm_providers WHERE id = $1', [provider.id]);
    expect(row.api_key).toMatch(/^v1:/);
    expect(row.api_key).not.toContain(KEY);

    // Members see the models, without keys or addresses; they may not manage providers.
    const models = (await api().get('/api/llm-providers/models').set(member.auth).expect(200)).body;
    expect(models).toEqual(expect.arrayContaining([{ providerId: provider.id, provider: 'Second', model: 'second-small' }]));
    expect(JSON.stringify(models)).not.toContain(second.baseUrl);
    expectProblem(await api().get('/api/llm-providers').set(member.auth), 403);
    expectProblem(await api().post('/api/llm-providers').set(member.auth).send({ name: 'x', baseUrl: 'https://example.com/v1' }), 403);

    // "••••" keeps the key; a refresh lists again with it; removal takes it away.
    await api().patch(`/api/llm-providers/${provider.id}`).set(admin.auth).send({ name: 'Second renamed', apiKey: '••••' }).expect(200);
    second.reset();
    const refreshed = (await api().post(`/api/llm-providers/${provider.id}/refresh`).set(admin.auth).expect(200)).body;
    expect(refreshed).toMatchObject({ name: 'Second renamed', apiKey: '••••', status: 'ok' });
    expect(second.requests.at(-1)?.headers.authorization).toBe(`Bearer ${KEY}`);
    await api().delete(`/api/llm-providers/${provider.id}`).set(admin.auth).expect(204);
    expectProblem(await api().get(`/api/llm-providers/${provider.id}`).set(admin.auth), 404);
  });

  it('refuses bad base URLs with a code, and private addresses unless configured', async () => {
    const bad = expectProblem(await api().post('/api/llm-providers').set(admin.auth).send({ name: 'x', baseUrl: 'ftp://example.com' }), 400);
    expect(bad.code).toBe('llm_provider.url_invalid');
    const creds = expectProblem(await api().post('/api/llm-providers').set(admin.auth).send({ name: 'x', baseUrl: 'https://u:p@example.com/v1' }), 400);
    expect(creds.code).toBe('llm_provider.url_credentials');

    const guarded = await startChatHarness('embedded');
    try {
      const root = await loginAdmin(guarded.t);
      const added = (await guarded.t.http().post('/api/llm-providers').set(root.auth).send({ name: 'Local', baseUrl: second.baseUrl }).expect(201)).body;
      expect(added).toMatchObject({ status: 'private_address', models: [] });
    } finally {
      await guarded.close();
    }
  }, 120_000);

  it('answers through the provider and model the owner picked, and lets people switch model per conversation when allowed', async () => {
    const provider = await addProvider();
    const refused = expectProblem(
      await api().post('/api/assistants').set(member.auth).send({ name: 'Bad', llmProviderId: provider.id, llmModel: 'not-listed' }),
      400,
    );
    expect(refused).toMatchObject({ code: 'llm_model.not_offered', params: { model: 'not-listed', provider: 'Second' } });

    const s = await createChatSetup(h, { llmProviderId: provider.id, llmModel: 'second-small' });
    const sent = await sendMessage(h, s, { content: 'Hello there' });
    expect((await waitForTask(h, s, sent.taskId)).status).toBe('done');
    const chat = second.requests.find((r) => r.path === '/v1/chat/completions');
    expect(chat?.body.model).toBe('second-small');
    expect(chat?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(h.llm.requests.some((r) => r.path === '/v1/chat/completions')).toBe(false);

    // Not allowed yet: a coded 400.
    const notAllowed = expectProblem(
      await api().put(`/api/conversations/${s.conversationId}/model`).set(s.user.auth).send({ providerId: null, model: 'fake-large' }),
      400,
    );
    expect(notAllowed.code).toBe('llm_model.choice_not_allowed');
    await api().patch(`/api/assistants/${s.assistantId}`).set(s.user.auth).send({ allowModelChoice: true }).expect(200);
    const notOffered = expectProblem(
      await api().put(`/api/conversations/${s.conversationId}/model`).set(s.user.auth).send({ providerId: null, model: 'made-up' }),
      400,
    );
    expect(notOffered.code).toBe('llm_model.not_offered');

    const chosen = (
      await api().put(`/api/conversations/${s.conversationId}/model`).set(s.user.auth).send({ providerId: null, model: 'fake-large' }).expect(200)
    ).body;
    expect(chosen).toEqual({ providerId: null, provider: 'Built-in', model: 'fake-large', chosen: true, allowModelChoice: true });
    second.reset();
    const again = await sendMessage(h, s, { content: 'And now?' });
    expect((await waitForTask(h, s, again.taskId)).status).toBe('done');
    expect(h.llm.requests.find((r) => r.path === '/v1/chat/completions')?.body.model).toBe('fake-large');
    expect(second.requests.some((r) => r.path === '/v1/chat/completions')).toBe(false);

    // Another person may not change someone else's conversation; the choice goes back with DELETE.
    expectProblem(await api().put(`/api/conversations/${s.conversationId}/model`).set(member.auth).send({ providerId: null, model: 'fake-large' }), 403);
    const reset = (await api().delete(`/api/conversations/${s.conversationId}/model`).set(s.user.auth).expect(200)).body;
    expect(reset).toMatchObject({ providerId: provider.id, model: 'second-small', chosen: false });

    // Removing the provider puts the assistant on the built-in one.
    await api().delete(`/api/llm-providers/${provider.id}`).set(admin.auth).expect(204);
    const assistant = (await api().get(`/api/assistants/${s.assistantId}`).set(s.user.auth).expect(200)).body;
    expect(assistant).toMatchObject({ llmProviderId: null, allowModelChoice: true });
  }, 60_000);
});
