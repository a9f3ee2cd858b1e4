// Platform overhead of one tool round in a chat turn, through HTTP as users send messages, with a
// real MCP server (server-everything over Streamable HTTP) and an instant LLM. Turns alternate: a
// plain turn (the LLM answers at once) and a turn whose LLM first asks for `echo` and then answers
// from its result. The overhead of the round is the tool turn's time (POST → answer stored) minus
// the plain turn's, minus the tool's own time (measured at a proxy in front of the MCP server, from
// the tools/call request to its answer) and the extra LLM request (measured at the LLM server): what
// is left is recording the call, the step, its events, the state changes, the second prompt and the
// bookkeeping. Measured directly too, with no plain turn to subtract (so without its spread): the
// time from the end of the reply that asked for the tool to the arrival of the request with its
// result, less the tool's own time; the targets are judged on that one.
// BENCH_MODES=embedded,temporal; BENCH_TOOL_TURNS (default 100) pairs of turns.
import { spawn } from 'node:child_process';
import { createServer, request as httpRequest } from 'node:http';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { benchDatabases, databaseLabel, freshDatabase } from './product-database.mjs';
import { BENCH_ADMIN, benchApiConfig, percentiles, root, startBenchWorker } from './support.mjs';

const require = createRequire(import.meta.url);
const dist = (path) => require(join(root, 'dist', path));
const TURNS = Number(process.env.BENCH_TOOL_TURNS ?? 100);

/** An instant OpenAI-compatible LLM: with tools offered and no tool result yet, it asks for the first tool; otherwise it answers. */
async function startToolLlm() {
  const timings = [];
  const server = createServer((req, res) => {
    const started = performance.now();
    const parts = [];
    req.on('data', (part) => parts.push(part));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(parts).toString('utf8'));
      const chunk = (delta, finish = null, extra = {}) =>
        `data: ${JSON.stringify({ id: 'bench', object: 'chat.completion.chunk', created: 0, model: 'bench', choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`;
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const asks = body.tools?.length && body.messages.at(-1)?.role !== 'tool';
      if (asks) {
        const name = body.tools[0].function.name;
        res.write(
          chunk({
            role: 'assistant',
            tool_calls: [{ index: 0, id: `call_${Date.now()}`, type: 'function', function: { name, arguments: '{"message":"bench"}' } }],
          }),
        );
        res.write(chunk({}, 'tool_calls'));
      } else {
        res.write(chunk({ role: 'assistant', content: 'Instant ' }));
        res.write(chunk({ content: 'answer.' }));
        res.write(chunk({}, 'stop'));
      }
      res.write(
        `data: ${JSON.stringify({ id: 'bench', object: 'chat.completion.chunk', created: 0, model: 'bench', choices: [], usage: { prompt_tokens: 10, completion_tokens: 3, total_tokens: 13 } })}\n\n`,
      );
      res.end('data: [DONE]\n\n');
      timings.push({ afterTool: body.messages.at(-1)?.role === 'tool', ms: performance.now() - started, start: started, end: performance.now() });
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { baseUrl: `http://127.0.0.1:${server.address().port}/v1`, timings, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** server-everything over Streamable HTTP, behind a proxy that times each tools/call. */
async function startMcpServer() {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const everything = join(root, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js');
  const child = spawn(process.execPath, [everything, 'streamableHttp'], { env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'pipe'] });
  await new Promise((resolve, reject) => {
    child.stderr.on('data', (chunk) => chunk.toString().includes('listening') && resolve());
    child.once('exit', (code) => reject(new Error(`server-everything exited with ${code}`)));
  });
  const toolMs = [];
  const proxy = createServer((req, res) => {
    const parts = [];
    req.on('data', (part) => parts.push(part));
    req.on('end', () => {
      const body = Buffer.concat(parts);
      const isCall = body.includes('"tools/call"');
      const started = performance.now();
      const upstream = httpRequest(
        { host: '127.0.0.1', port, path: req.url, method: req.method, headers: { ...req.headers, host: `127.0.0.1:${port}` } },
        (answer) => {
          res.writeHead(answer.statusCode, answer.headers);
          answer.pipe(res);
          answer.on('end', () => isCall && toolMs.push(performance.now() - started));
        },
      );
      upstream.end(body);
    });
  });
  await new Promise((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${proxy.address().port}/mcp`,
    toolMs,
    close: async () => {
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
      child.kill();
    },
  };
}

async function runMode(mode, kind) {
  const { createApp } = dist('apps/api/src/app.factory.js');
  const { PrismaService } = dist('apps/api/src/database/prisma.service.js');
  const { LocalEventBus } = dist('libs/adapters/src/index.js');
  const llm = await startToolLlm();
  const mcp = await startMcpServer();
  const fresh = await freshDatabase(kind);
  let temporal;
  if (mode === 'temporal') {
    const { startTemporalTestServer } = await import(join(root, 'scripts/temporal-test-server.cjs'));
    temporal = await startTemporalTestServer();
  }
  const config = benchApiConfig({
    ...fresh.env,
    LLM_BASE_URL: llm.baseUrl,
    EMBEDDING_MODEL: 'hashing',
    TOOLS_ALLOW_PRIVATE_NETWORKS: 'true',
    ...(temporal && { TEMPORAL_ADDRESS: temporal.address }),
  });
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const call = async (method, path, body, token) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
      body: body && JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
    return res.json();
  };
  const { accessToken } = await call('POST', '/api/auth/login', BENCH_ADMIN);
  const plain = await call('POST', '/api/assistants', { name: 'Plain', llmModel: 'gpt-4o-mini', enableSearch: false }, accessToken);
  const tooled = await call('POST', '/api/assistants', { name: 'With a tool', llmModel: 'gpt-4o-mini', enableSearch: false }, accessToken);
  const server = await call('POST', '/api/tool-servers', { name: 'Everything', transport: 'http', url: mcp.url }, accessToken);
  if (server.status !== 'ok') throw new Error(`the tool server is not reachable: ${server.status}`);
  await call('PUT', `/api/assistants/${tooled.id}/tools`, { tools: [{ serverId: server.id, name: 'echo', approval: 'never' }] }, accessToken);
  const bus = app.get(LocalEventBus);
  const label = databaseLabel(app.get(PrismaService).db.kind, fresh.serverVersion);

  const worker = temporal && (await startBenchWorker(temporal.address, config, app.get(PrismaService), bus));

  const done = new Map();
  const waiters = new Map();
  bus.subscribe((event) => {
    if (event.type !== 'message.done') return;
    done.set(event.taskId, performance.now());
    waiters.get(event.taskId)?.();
  });
  const stored = (taskId) => (done.has(taskId) ? Promise.resolve() : new Promise((resolve) => waiters.set(taskId, resolve)));
  const plainConversation = (await call('POST', '/api/conversations', { assistantId: plain.id }, accessToken)).id;
  const toolConversation = (await call('POST', '/api/conversations', { assistantId: tooled.id }, accessToken)).id;
  const turn = async (conversationId, i) => {
    const started = performance.now();
    const { taskId } = await call('POST', `/api/conversations/${conversationId}/messages`, { content: `Question ${i}?` }, accessToken);
    await stored(taskId);
    return done.get(taskId) - started;
  };

  // Warm-up: the first turns open the MCP connection, load the tokenizer and (Temporal) the workflow bundle.
  for (let i = 0; i < 5; i++) {
    await turn(plainConversation, i);
    await turn(toolConversation, i);
  }
  const load = loadavg()[0];
  const overheads = [];
  const toolTurns = [];
  const plainTurns = [];
  const extraLlm = [];
  const gaps = [];
  for (let i = 0; i < TURNS; i++) {
    const plainMs = await turn(plainConversation, i);
    const toolsBefore = mcp.toolMs.length;
    const llmBefore = llm.timings.length;
    const toolTurnMs = await turn(toolConversation, i);
    const toolMs = mcp.toolMs.slice(toolsBefore).reduce((a, b) => a + b, 0);
    const [asked, answered] = llm.timings.slice(llmBefore);
    const extraLlmMs = answered?.ms ?? 0;
    // Measured directly: from the reply that asked for the tool to the request with its result, less the tool's own time.
    if (asked && answered?.afterTool) gaps.push(answered.start - asked.end - toolMs);
    toolTurns.push(toolTurnMs);
    plainTurns.push(plainMs);
    extraLlm.push(extraLlmMs);
    overheads.push(toolTurnMs - plainMs - toolMs - extraLlmMs);
  }

  await worker?.stop();
  await app.close();
  await temporal?.stop();
  await mcp.close();
  await llm.close();
  await fresh.drop();
  const [tool, plainTurn, llmExtra, toolTurn] = [mcp.toolMs.slice(-TURNS), plainTurns, extraLlm, toolTurns].map(percentiles);
  // What the round adds to the turn's own percentiles: the tool turns' p50 (p95) less the plain turns' and the tool's and the extra LLM request's.
  const added = (p) => toolTurn[p] - plainTurn[p] - tool[p] - llmExtra[p];
  return {
    database: label,
    overhead: percentiles(overheads),
    between: percentiles(gaps),
    added: { p50: added('p50'), p95: added('p95') },
    toolTurn,
    plainTurn,
    tool,
    load,
  };
}

export async function run() {
  const rows = [];
  for (const kind of benchDatabases()) {
    for (const mode of (process.env.BENCH_MODES ?? 'embedded,temporal').split(',')) {
      const r = await runMode(mode, kind);
      console.log(`tool round, ${mode} runner (${r.database}), ${TURNS} pairs of turns (load ${r.load.toFixed(1)}):`);
      console.log(`  platform overhead per round, pair by pair        p50 ${r.overhead.p50.toFixed(1)} ms  p95 ${r.overhead.p95.toFixed(1)} ms`);
      console.log(`  added to the turn's percentiles                 p50 ${r.added.p50.toFixed(1)} ms  p95 ${r.added.p95.toFixed(1)} ms`);
      console.log(`  between the two LLM requests, less the tool     p50 ${r.between.p50.toFixed(1)} ms  p95 ${r.between.p95.toFixed(1)} ms`);
      console.log(`  plain turn                                      p50 ${r.plainTurn.p50.toFixed(1)} ms  p95 ${r.plainTurn.p95.toFixed(1)} ms`);
      console.log(
        `  whole tool turn              p50 ${r.toolTurn.p50.toFixed(1)} ms  p95 ${r.toolTurn.p95.toFixed(1)} ms; the tool itself p50 ${r.tool.p50.toFixed(1)} ms`,
      );
      rows.push({ ...r, mode });
    }
  }
  console.log(
    '\n| runner | database | overhead per tool round, pair by pair, p50 / p95 ms | added to the turn, p50 / p95 ms | between the LLM requests less the tool, p50 / p95 ms | plain turn p50 / p95 ms | tool turn p50 / p95 ms | tool (MCP echo) p50 ms | load avg | target (between the LLM requests, p50 and p95) |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const target = r.mode === 'temporal' ? 60 : 20;
    const f = (p) => `${p.p50.toFixed(1)} / ${p.p95.toFixed(1)}`;
    console.log(
      `| ${r.mode} | ${r.database} | ${f(r.overhead)} | ${f(r.added)} | ${f(r.between)} | ${f(r.plainTurn)} | ${f(r.toolTurn)} | ${r.tool.p50.toFixed(1)} | ${r.load.toFixed(1)} | ≤ ${target} ms: ${r.between.p50 <= target && r.between.p95 <= target ? 'met' : 'not met'} |`,
    );
  }
}
