import { startFakeLlmServer, type FakeLlmServer } from './fake-llm-server';

// Streaming, errors, hangs and cuts are covered through the real SDK in libs/adapters/src/llm; this covers the rest.

const post = (server: FakeLlmServer, path: string, body: unknown, init: RequestInit = {}) =>
  fetch(`${server.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), ...init });

describe('fake LLM server', () => {
  let server: FakeLlmServer;
  beforeEach(async () => {
    server = await startFakeLlmServer();
  });
  afterEach(() => server.close());

  it('answers non-streaming chat with the default reply and records the request', async () => {
    const body = {
      model: 'm',
      messages: [
        { role: 'user', content: 'first' },
        { role: 'user', content: 'Hi there' },
      ],
    };
    const res = await post(server, '/chat/completions', body);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      object: 'chat.completion',
      model: 'm',
      choices: [{ message: { role: 'assistant', content: 'Answer to: Hi there' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 },
    });
    expect(server.requests).toMatchObject([{ method: 'POST', path: '/v1/chat/completions', body, outcome: 'finished' }]);
    server.reset();
    expect(server.requests).toEqual([]);
  });

  it('streams SSE chunks with usage last, then [DONE]', async () => {
    const res = await post(server, '/chat/completions', {
      model: 'm',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const events = (await res.text()).split('\n\n').filter(Boolean);
    expect(events.at(-1)).toBe('data: [DONE]');
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e.replace(/^data: /, '')));
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('Answer to: x');
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { completion_tokens: 3 } });
  });

  it('serves deterministic embeddings of the configured size, and 404 elsewhere', async () => {
    const res = await post(server, '/embeddings', { model: 'e', input: ['a', 'b'] });
    const { data } = (await res.json()) as { data: { index: number; embedding: number[] }[] };
    expect(data.map((d) => [d.index, d.embedding.length])).toEqual([
      [0, 8],
      [1, 8],
    ]);
    expect(data[0].embedding).not.toEqual(data[1].embedding);
    expect((await post(server, '/models', {})).status).toBe(404);
  });

  it('ends hanging responses when closed', async () => {
    server.script({ kind: 'hang' });
    const pending = post(server, '/chat/completions', { messages: [] }).catch((err: Error) => err);
    while (server.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    await server.close(); // would never resolve if the hanging response kept its socket open
    // fetch's TypeError comes from Node's realm, not jest's: compare by name, not instanceof.
    expect(await pending).toMatchObject({ name: 'TypeError', message: 'fetch failed' });
    expect(server.requests[0].outcome).toBe('server-closed');
    server = await startFakeLlmServer(); // for afterEach
  });
});
