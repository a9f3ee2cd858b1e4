import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { registerUser, startTestApp, type TestApp } from '../support/api-app';

/** The hardening limits apply to /v1 too, answered in OpenAI's error shape that SDKs understand. */
describe('OpenAI-compatible API past the rate limit', () => {
  let t: TestApp;
  let sdk: OpenAI;

  beforeAll(async () => {
    t = await startTestApp({ LLM_BASE_URL: '', EMBEDDING_BASE_URL: '', RATE_LIMIT_API_KEY: '3/1m' });
    const user = await registerUser(t, 'limited');
    const key = (await t.http().post('/api/auth/api-keys').set(user.auth).send({ name: 'sdk' }).expect(201)).body.key as string;
    await t.app.listen(0, '127.0.0.1');
    const port = (t.app.getHttpServer().address() as AddressInfo).port;
    sdk = new OpenAI({ apiKey: key, baseURL: `http://127.0.0.1:${port}/v1`, maxRetries: 0 });
  });
  afterAll(() => t.close());

  it('answers 429 with Retry-After and an OpenAI error once the key has used its requests', async () => {
    for (let i = 0; i < 3; i++) await sdk.models.list();
    const error = await sdk.models.list().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    const limited = error as InstanceType<typeof OpenAI.RateLimitError>;
    expect(limited.status).toBe(429);
    expect(limited.error).toMatchObject({ type: expect.any(String), code: 'rate_limit_exceeded', message: expect.any(String) });
    expect(Number(limited.headers?.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });
});

/** Limits count per person: every key of one user draws on the same requests and daily conversations under /v1 too. */
describe('OpenAI-compatible API, limits per user', () => {
  let t: TestApp;
  let base: string;
  let keys: string[];
  let assistantId: string;
  const sdk = (key: string) => new OpenAI({ apiKey: key, baseURL: base, maxRetries: 0 });
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => null,
      (e: unknown) => e as InstanceType<typeof OpenAI.APIError>,
    );

  beforeAll(async () => {
    t = await startTestApp({ LLM_BASE_URL: '', EMBEDDING_BASE_URL: '', RATE_LIMIT_USER: '9/1m', MAX_CONVERSATIONS_PER_DAY: '1' });
    const user = await registerUser(t, 'many-keys');
    assistantId = (await t.http().post('/api/assistants').set(user.auth).send({ name: 'Limited' }).expect(201)).body.id;
    keys = [];
    for (let i = 0; i < 3; i++)
      keys.push(
        (
          await t
            .http()
            .post('/api/auth/api-keys')
            .set(user.auth)
            .send({ name: `sdk-${i}` })
            .expect(201)
        ).body.key,
      );
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}/v1`;
  });
  afterAll(() => t.close());

  it('starts one conversation a day across keys; continuing it is still allowed; then the per-user request limit', async () => {
    // Four requests so far (the assistant and three keys).
    const first = await sdk(keys[0]).chat.completions.create({ model: assistantId, messages: [{ role: 'user', content: 'Hi' }] });
    const conversationId = (first as unknown as { conversation_id: string }).conversation_id;
    expect(conversationId).toEqual(expect.any(String));
    const capped = await failure(sdk(keys[1]).chat.completions.create({ model: assistantId, messages: [{ role: 'user', content: 'Another' }] }));
    expect(capped).toBeInstanceOf(OpenAI.RateLimitError);
    expect(capped!.message).toMatch(/daily limit of 1 new conversations/);
    // The wait is until the next day, not the one second an SDK would retry after.
    expect(Number(capped!.headers?.get('retry-after'))).toBeGreaterThan(1);
    await sdk(keys[1]).chat.completions.create({ model: assistantId, messages: [{ role: 'user', content: 'More' }], conversation_id: conversationId } as never);
    // Seven; two more on the third key make nine, and the tenth is over the user's limit.
    await sdk(keys[2]).models.list();
    await sdk(keys[2]).models.list();
    const limited = await failure(sdk(keys[2]).models.list());
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect(limited!.error).toMatchObject({ code: 'rate_limit_exceeded' });
  });
});
