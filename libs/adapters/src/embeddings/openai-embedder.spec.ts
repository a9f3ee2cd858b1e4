import { fakeEmbedding, startFakeLlmServer, type FakeLlmServer } from '../../../../test/support/fake-llm-server';
import { OpenAiEmbedder } from './openai-embedder';
import { LlmRejectedError, LlmUnavailableError } from '@assistants/domain';
import { failure } from '../../../../test/support/failure';

describe('OpenAiEmbedder', () => {
  let server: FakeLlmServer;
  const embedder = (options: { batchSize?: number; dimensions?: number; timeoutMs?: number } = {}) =>
    new OpenAiEmbedder({ baseUrl: server.baseUrl, apiKey: 'sk-test-key-123456', model: 'nomic-embed-text', dimensions: 8, ...options });

  beforeAll(async () => {
    server = await startFakeLlmServer({ embeddingDimensions: 8 });
  });
  afterAll(() => server.close());
  beforeEach(() => server.reset());

  it('embeds in batches of at most batchSize texts, keeping the order', async () => {
    const texts = ['a', 'b', 'c', 'd', 'e'];
    const vectors = await embedder({ batchSize: 2 }).embed(texts);
    expect(vectors).toEqual(texts.map((t) => fakeEmbedding(t, 8)));
    expect(server.requests.map((r) => r.body.input)).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    expect(server.requests[0].body).toEqual({ model: 'nomic-embed-text', input: ['a', 'b'], encoding_format: 'float' });
  });

  it('batches 64 texts per request by default, and sends nothing for no texts', async () => {
    await embedder().embed(Array.from({ length: 130 }, (_, i) => `text ${i}`));
    expect(server.requests.map((r) => r.body.input.length)).toEqual([64, 64, 2]);
    server.reset();
    expect(await embedder().embed([])).toEqual([]);
    expect(server.requests).toHaveLength(0);
  });

  it('knows the sizes of OpenAI models and refuses to guess others', () => {
    expect(new OpenAiEmbedder({ baseUrl: server.baseUrl }).dimensions).toBe(1536);
    expect(new OpenAiEmbedder({ baseUrl: server.baseUrl, model: 'text-embedding-3-large' }).dimensions).toBe(3072);
    expect(() => new OpenAiEmbedder({ baseUrl: server.baseUrl, model: 'nomic-embed-text' })).toThrow(/pass dimensions/);
  });

  it('rejects vectors of another size than configured: the index could not hold them', async () => {
    const err = await failure(embedder({ dimensions: 16 }).embed(['a']));
    expect(err).toBeInstanceOf(LlmRejectedError);
    expect(err.message).toMatch(/8 dimensions, expected 16/);
  });

  it('maps errors like the chat model does', async () => {
    server.script({ kind: 'status', status: 400, message: 'input too long' });
    const rejected = await failure(embedder().embed(['a']));
    expect(rejected).toBeInstanceOf(LlmRejectedError);
    expect(rejected.message).toContain('input too long');

    server.script({ kind: 'status', status: 503, message: 'overloaded' });
    expect(await failure(embedder().embed(['a']))).toBeInstanceOf(LlmUnavailableError);

    server.script({ kind: 'break-after', tokens: 0 });
    expect(await failure(embedder().embed(['a']))).toBeInstanceOf(LlmUnavailableError);

    server.script({ kind: 'hang' });
    const timedOut = await failure(embedder({ timeoutMs: 150 }).embed(['a']));
    expect(timedOut).toBeInstanceOf(LlmUnavailableError);
    expect(timedOut.message).toMatch(/no response within 150 ms/);
  });

  it('stops at the failing batch', async () => {
    server.script({ kind: 'reply' }, { kind: 'status', status: 429, message: 'slow down' });
    expect(await failure(embedder({ batchSize: 1 }).embed(['a', 'b', 'c']))).toBeInstanceOf(LlmUnavailableError);
    expect(server.requests).toHaveLength(2);
  });

  it('rejects with an AbortError when aborted', async () => {
    server.script({ kind: 'hang' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    expect(await failure(embedder().embed(['a'], controller.signal))).toMatchObject({ name: 'AbortError' });
  });
});
