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
