import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A real HTTP server speaking the OpenAI API (chat completions, streamed or not, and embeddings),
// so adapters are tested through the actual SDK, sockets and SSE parsing. Each test scripts what
// the next requests get; requests are recorded for assertions on what was sent.

export type FakeBehaviour =
  /** A normal answer. `usage: false` leaves token counts out even when the client asks for them. */
  | { kind: 'reply'; text?: string; delayMsPerToken?: number; finishReason?: string; usage?: boolean }
  /** An error response with an OpenAI-shaped body: {"error": {"message", "type", "code"}}. */
  | { kind: 'status'; status: number; message: string }
  /** No response at all (or, with afterTokens, a stream that goes silent), until closed. */
  | { kind: 'hang'; afterTokens?: number }
  /** Streams `tokens` pieces, then destroys the socket mid-stream. */
  | { kind: 'break-after'; tokens: number; text?: string }
  /**
   * Asks for tool calls as a real model streams them: optional text first, then per call a delta
   * with its index, id and name, its arguments in small pieces, and finish_reason "tool_calls".
   * `arguments` as an object is sent as its JSON; a string is sent as it is (invalid JSON too).
   */
  | { kind: 'tool-calls'; calls: { name: string; arguments?: Record<string, unknown> | string; id?: string }[]; text?: string };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: any;
  /** 'client-closed' when the client went away before the response was complete. */
  outcome: 'pending' | 'finished' | 'client-closed' | 'server-closed';
}

export interface FakeLlmServer {
  /** The API root to give the SDK: http://127.0.0.1:<port>/v1 */
  baseUrl: string;
  requests: RecordedRequest[];
  /** Queues behaviours for the next requests, one per request, in order. */
  script(...behaviours: FakeBehaviour[]): void;
  /** Clears the queue and the recorded requests. */
  reset(): void;
  /** Ends every open response (hanging ones too) and stops the server. */
  close(): Promise<void>;
}

export interface FakeLlmServerOptions {
  /** Length of the vectors /v1/embeddings returns (default 8). */
  embeddingDimensions?: number;
  /** What GET /v1/models lists (default fake-small and fake-large). */
  models?: string[];
}

/** The reply given when nothing is scripted: derived from the last user message, or from the tool results just read. */
export function defaultReply(body: any): string {
  const messages: any[] = body?.messages ?? [];
  if (messages.at(-1)?.role === 'tool') {
    const results = messages.slice(messages.findLastIndex((m) => m.role !== 'tool') + 1).map((m) => String(m.content));
    return `From the tools: ${results.join(' | ')}`;
  }
  const users = (body?.messages ?? []).filter((m: any) => m.role === 'user');
  return `Answer to: ${users.at(-1)?.content ?? ''}`;
}

/** "Tokens" of the fake: words with their trailing spaces, so they join back to the text. */
export function fakeTokens(text: string): string[] {
  return text.match(/\s*\S+\s*/g) ?? [];
}

/** A deterministic unit vector for a text (not semantic in any way). */
export function fakeEmbedding(text: string, dimensions: number): number[] {
  const v = Array.from({ length: dimensions }, (_, i) => {
    let h = 2166136261 ^ i;
    for (const c of text) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
    return ((h >>> 0) % 1000) / 1000 + 0.001;
  });
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

const countWords = (s: string) => (s.match(/\S+/g) ?? []).length;

export async function startFakeLlmServer(options: FakeLlmServerOptions = {}): Promise<FakeLlmServer> {
  const dimensions = options.embeddingDimensions ?? 8;
  const queue: FakeBehaviour[] = [];
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let closing = false;

  const later = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => (timers.delete(t), resolve()), ms);
      timers.add(t);
    });

  const server = createServer(async (req, res) => {
    const raw = await readBody(req);
    let body: any;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    const record: RecordedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, outcome: 'pending' };
    requests.push(record);
    res.on('close', () => {
      if (record.outcome === 'pending') record.outcome = closing ? 'server-closed' : 'client-closed';
    });
    res.on('finish', () => (record.outcome = 'finished'));

    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'GET' && path === '/v1/models') {
      const models = options.models ?? ['fake-large', 'fake-small'];
      return sendJson(res, 200, { object: 'list', data: models.map((id) => ({ id, object: 'model', created: 1700000000, owned_by: 'fake' })) });
    }
    const behaviour = queue.shift() ?? { kind: 'reply' };
    if (req.method !== 'POST' || !['/v1/chat/completions', '/v1/embeddings'].includes(path)) {
      return sendError(res, 404, `Unknown route ${req.method} ${path}`);
    }
    if (behaviour.kind === 'status') return sendError(res, behaviour.status, behaviour.message);
    if (behaviour.kind === 'hang' && !behaviour.afterTokens) return; // never answers

    if (path === '/v1/embeddings') {
      if (behaviour.kind === 'break-after') return breakConnection(res, record);
      const inputs: string[] = Array.isArray(body?.input) ? body.input : [body?.input ?? ''];
      return sendJson(res, 200, {
        object: 'list',
        model: body?.model,
        data: inputs.map((text, index) => ({ object: 'embedding', index, embedding: fakeEmbedding(String(text), dimensions) })),
        usage: { prompt_tokens: inputs.reduce((n, t) => n + countWords(String(t)), 0), total_tokens: 0 },
      });
    }
    await chat(res, record, body, behaviour);
  });

  async function chat(res: ServerResponse, record: RecordedRequest, body: any, behaviour: FakeBehaviour) {
    const text =
      ('text' in behaviour && behaviour.text !== undefined ? behaviour.text : undefined) ?? (behaviour.kind === 'tool-calls' ? '' : defaultReply(body));
    const tokens = fakeTokens(text);
    const promptTokens = (body?.messages ?? []).reduce((n: number, m: any) => n + countWords(String(m.content ?? '')), 0);
    const usage = { prompt_tokens: promptTokens, completion_tokens: tokens.length, total_tokens: promptTokens + tokens.length };
    const finishReason = (behaviour.kind === 'reply' && behaviour.finishReason) || 'stop';
    const base = { id: 'chatcmpl-fake', created: 1700000000, model: body?.model ?? 'fake-model', system_fingerprint: 'fake' };

    if (!body?.stream) {
      return sendJson(res, 200, {
        ...base,
        object: 'chat.completion',
        choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: finishReason, logprobs: null }],
        usage,
      });
    }

    const withUsage = Boolean(body.stream_options?.include_usage) && !(behaviour.kind === 'reply' && behaviour.usage === false);
    const chunk = (choices: unknown[], extra: object = {}) =>
      `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices, ...(withUsage ? { usage: null } : {}), ...extra })}\n\n`;
    const delta = (d: object, finish: string | null = null) => [{ index: 0, delta: d, finish_reason: finish, logprobs: null }];

    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.write(chunk(delta({ role: 'assistant', content: '' })));
    const stopAfter = behaviour.kind === 'break-after' ? behaviour.tokens : behaviour.kind === 'hang' ? behaviour.afterTokens! : Infinity;
    const delay = behaviour.kind === 'reply' ? (behaviour.delayMsPerToken ?? 0) : 0;
    let flushed: Promise<unknown> = Promise.resolve();
    for (const [i, token] of tokens.entries()) {
      if (i >= stopAfter) break;
      if (delay) await later(delay);
      if (res.destroyed) return;
      flushed = new Promise((resolve) => res.write(chunk(delta({ content: token })), resolve));
    }
    if (behaviour.kind === 'hang') return; // headers and some tokens sent, then silence
    if (behaviour.kind === 'tool-calls') {
      for (const [index, call] of behaviour.calls.entries()) {
        const id = call.id ?? `call_${record.path.length}${requests.length}_${index}`;
        res.write(chunk(delta({ tool_calls: [{ index, id, type: 'function', function: { name: call.name, arguments: '' } }] })));
        const args = typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments ?? {});
        for (let at = 0; at < args.length; at += 7) {
          res.write(chunk(delta({ tool_calls: [{ index, function: { arguments: args.slice(at, at + 7) } }] })));
        }
      }
      res.write(chunk(delta({}, 'tool_calls')));
      if (withUsage) res.write(chunk([], { usage }));
      return void res.end('data: [DONE]\n\n');
    }
    if (behaviour.kind === 'break-after') {
      // Let the pieces reach the client, then cut the connection without ending the response.
      await flushed;
      return breakConnection(res, record);
    }
    res.write(chunk(delta({}, finishReason)));
    if (withUsage) res.write(chunk([], { usage }));
    res.end('data: [DONE]\n\n');
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    script: (...behaviours) => void queue.push(...behaviours),
    reset: () => {
      queue.length = 0;
      requests.length = 0;
    },
    close: async () => {
      closing = true;
      for (const r of requests) if (r.outcome === 'pending') r.outcome = 'server-closed';
      for (const t of timers) clearTimeout(t);
      timers.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Hanging and keep-alive connections would otherwise keep close() waiting forever.
      server.closeAllConnections();
      await closed;
    },
  };
}

function breakConnection(res: ServerResponse, record: RecordedRequest) {
  record.outcome = 'server-closed';
  res.socket?.destroy();
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, payload: unknown) {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(payload));
}

function sendError(res: ServerResponse, status: number, message: string) {
  const type = status >= 500 ? 'server_error' : status === 429 ? 'rate_limit_error' : 'invalid_request_error';
  sendJson(res, status, { error: { message, type, code: null, param: null } });
}
