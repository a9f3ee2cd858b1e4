import { startFakeLlmServer, type FakeLlmServer } from '../../../../test/support/fake-llm-server';
import { OpenAiChatModel } from './openai-chat-model';
import { LlmRejectedError, LlmUnavailableError, type ChatRequest, countChatTokens, countTokens } from '@assistants/domain';
import { failure } from '../../../../test/support/failure';

const API_KEY = 'sk-test-0123456789abcdef';
const request: ChatRequest = {
  model: 'gpt-4o-mini',
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'What is the refund window?' },
  ],
  temperature: 0.3,
  maxTokens: 200,
};

describe('OpenAiChatModel', () => {
  let server: FakeLlmServer;
  let model: OpenAiChatModel;

  beforeAll(async () => {
    server = await startFakeLlmServer();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.reset();
    model = new OpenAiChatModel({ baseUrl: server.baseUrl, apiKey: API_KEY, timeoutMs: 2000 });
  });

  it('offers tools in the function-calling format and assembles parallel tool calls streamed in pieces', async () => {
    server.script({
      kind: 'tool-calls',
      calls: [
        { id: 'call_a', name: 'everything_echo', arguments: { message: 'hello, tools' } },
        { id: 'call_b', name: 'everything_get-sum', arguments: { a: 2, b: 40 } },
      ],
    });
    const tools = [{ name: 'everything_echo', description: 'Echoes', parameters: { type: 'object', properties: { message: { type: 'string' } } } }];
    const result = await model.stream({ ...request, tools });

    expect(result.toolCalls).toEqual([
      { id: 'call_a', name: 'everything_echo', arguments: '{"message":"hello, tools"}' },
      { id: 'call_b', name: 'everything_get-sum', arguments: '{"a":2,"b":40}' },
    ]);
    expect(result.finishReason).toBe('tool_calls');
    expect(result.content).toBe('');
    expect(server.requests[0].body.tools).toEqual([{ type: 'function', function: tools[0] }]);
  });

  it('sends earlier tool calls and their results back as the API expects', async () => {
    server.script({ kind: 'reply', text: 'The sum is 42.' });
    const result = await model.stream({
      ...request,
      messages: [
        ...request.messages,
        { role: 'assistant', content: '', toolCalls: [{ id: 'call_b', name: 'sum', arguments: '{"a":2,"b":40}' }] },
        { role: 'tool', toolCallId: 'call_b', content: '42' },
      ],
    });
    expect(result.content).toBe('The sum is 42.');
    expect(result.toolCalls).toBeUndefined();
    expect(server.requests[0].body.messages.slice(2)).toEqual([
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_b', type: 'function', function: { name: 'sum', arguments: '{"a":2,"b":40}' } }] },
      { role: 'tool', tool_call_id: 'call_b', content: '42' },
    ]);
  });

  it('sends the request as the API expects and streams the deltas in order', async () => {
    server.script({ kind: 'reply', text: 'Refunds are issued within 14 days.', delayMsPerToken: 2 });
    const deltas: string[] = [];
    const result = await model.stream(request, { onDelta: (d) => void deltas.push(d) });

    expect(deltas).toEqual(['Refunds ', 'are ', 'issued ', 'within ', '14 ', 'days.']);
    expect(result).toEqual({
      content: 'Refunds are issued within 14 days.',
      // The fake counts words: these are the server's numbers, not our tokenizer's.
      usage: { promptTokens: 7, completionTokens: 6, totalTokens: 13 },
      finishReason: 'stop',
      provider: 'openai',
      model: 'gpt-4o-mini',
    });
    expect(server.requests).toHaveLength(1);
    const sent = server.requests[0];
    expect(sent.path).toBe('/v1/chat/completions');
    expect(sent.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(sent.body).toEqual({
      model: 'gpt-4o-mini',
      messages: request.messages,
      temperature: 0.3,
      max_tokens: 200,
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('reports the finish reason and counts usage itself when the server sends none', async () => {
    server.script({ kind: 'reply', text: 'Cut short', finishReason: 'length', usage: false });
    const result = await model.stream(request);
    expect(result.finishReason).toBe('length');
    const promptTokens = countChatTokens(request.messages, 'gpt-4o-mini');
    const completionTokens = countTokens('Cut short', 'gpt-4o-mini');
    expect(result.usage).toEqual({ promptTokens, completionTokens, totalTokens: promptTokens + completionTokens });
  });

  it('sends max_completion_tokens and no temperature to OpenAI reasoning models', async () => {
    await model.stream({ ...request, model: 'o3-mini' });
    expect(server.requests[0].body).toMatchObject({ model: 'o3-mini', max_completion_tokens: 200 });
    expect(server.requests[0].body).not.toHaveProperty('temperature');
    expect(server.requests[0].body).not.toHaveProperty('max_tokens');
  });

  it.each([400, 401, 403, 404, 413, 422])('rejects for good on HTTP %i, with the server message', async (status) => {
    server.script({ kind: 'status', status, message: `The model 'nope' does not exist (status ${status})` });
    const err = await failure(model.stream(request));
    expect(err).toBeInstanceOf(LlmRejectedError);
    expect(err.status).toBe(status);
    expect(err.message).toContain(`The model 'nope' does not exist (status ${status})`);
  });

  it.each([408, 409, 429, 500, 502, 503])('reports HTTP %i as unavailable (worth retrying)', async (status) => {
    server.script({ kind: 'status', status, message: 'try later' });
    const err = await failure(model.stream(request));
    expect(err).toBeInstanceOf(LlmUnavailableError);
    expect(err.status).toBe(status);
    expect(err.message).toContain('try later');
    expect(server.requests).toHaveLength(1); // no retries of its own
  });

  it('never repeats the API key in error messages', async () => {
    server.script({ kind: 'status', status: 401, message: `Incorrect API key provided: ${API_KEY}.` });
    const err = await failure(model.stream(request));
    expect(err).toBeInstanceOf(LlmRejectedError);
    expect(err.message).toContain('Incorrect API key provided');
    expect(err.message).not.toContain('0123456789abcdef');
  });

  it('reports a server that does not answer in time as unavailable', async () => {
    server.script({ kind: 'hang' });
    const quick = new OpenAiChatModel({ baseUrl: server.baseUrl, timeoutMs: 200 });
    const err = await failure(quick.stream(request));
    expect(err).toBeInstanceOf(LlmUnavailableError);
    expect(err.message).toMatch(/200 ms/);
  });

  it('reports a stream that goes silent mid-reply as unavailable', async () => {
    server.script({ kind: 'hang', afterTokens: 2 });
    const quick = new OpenAiChatModel({ baseUrl: server.baseUrl, timeoutMs: 200 });
    const deltas: string[] = [];
    const err = await failure(quick.stream(request, { onDelta: (d) => void deltas.push(d) }));
    expect(err).toBeInstanceOf(LlmUnavailableError);
    expect(err.message).toMatch(/stalled/);
    expect(deltas).toEqual(['Answer ', 'to: ']);
  });

  it('reports a connection cut mid-stream as unavailable, after the deltas that arrived', async () => {
    server.script({ kind: 'break-after', tokens: 3, text: 'one two three four five' });
    const deltas: string[] = [];
    const err = await failure(model.stream(request, { onDelta: (d) => void deltas.push(d) }));
    expect(err).toBeInstanceOf(LlmUnavailableError);
    expect(deltas).toEqual(['one ', 'two ', 'three ']);
  });

  it('reports a refused connection as unavailable', async () => {
    const other = await startFakeLlmServer();
    await other.close(); // its port is now (almost certainly) closed
    const err = await failure(new OpenAiChatModel({ baseUrl: other.baseUrl }).stream(request));
    expect(err).toBeInstanceOf(LlmUnavailableError);
    expect(err.message).toMatch(/ECONNREFUSED|connection/i);
  });

  it('stops the HTTP stream promptly on abort and rejects with an AbortError', async () => {
    server.script({ kind: 'reply', text: 'word '.repeat(200), delayMsPerToken: 10 });
    const controller = new AbortController();
    const deltas: string[] = [];
    const started = Date.now();
    const err = await failure(
      model.stream(request, {
        signal: controller.signal,
        onDelta: (d) => {
          deltas.push(d);
          if (deltas.length === 3) controller.abort();
        },
      }),
    );
    expect(err.name).toBe('AbortError');
    expect(err).not.toBeInstanceOf(LlmUnavailableError);
    expect(Date.now() - started).toBeLessThan(1000); // the whole reply would take 2 s
    expect(deltas).toHaveLength(3);
    await waitFor(() => server.requests[0].outcome === 'client-closed');
  });

  it('aborts a request still waiting for its response, or one aborted before it starts', async () => {
    server.script({ kind: 'hang' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    expect(await failure(model.stream(request, { signal: controller.signal }))).toMatchObject({ name: 'AbortError' });
    await waitFor(() => server.requests[0].outcome === 'client-closed');

    const reason = new DOMException('user left', 'AbortError');
    expect(await failure(model.stream(request, { signal: AbortSignal.abort(reason) }))).toBe(reason);
    expect(server.requests).toHaveLength(1);
  });

  it('lets an error thrown by onDelta through unchanged, and closes the stream', async () => {
    server.script({ kind: 'reply', text: 'word '.repeat(100), delayMsPerToken: 5 });
    const boom = new Error('socket to the browser is gone');
    const err = await failure(
      model.stream(request, {
        onDelta: () => {
          throw boom;
        },
      }),
    );
    expect(err).toBe(boom);
    await waitFor(() => server.requests[0].outcome === 'client-closed');
  });
});

async function waitFor(condition: () => boolean, ms = 2000): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
