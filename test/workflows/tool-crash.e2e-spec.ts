import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { ToolCallView } from '@assistants/common';
import { isTaskEnded } from '@assistants/domain';
import { startTestApp, type TestApp } from '../support/api-app';
import { type ChatHarness, type ChatSetup, createChatSetup, FAST_LLM_ENV, sendMessage } from '../support/chat-harness';
import { type FakeLlmServer, startFakeLlmServer } from '../support/fake-llm-server';
import { startEverythingOverHttp, startToolCallProxy, type ToolCallProxy } from '../support/mcp-servers';
import { freePort, spawnApp, waitForOutput } from '../support/processes';
import { startTemporalServer } from '../support/temporal';

// The processes share this test file's database (every test run has a PostgreSQL server).
const sharedDatabase = process.env.ASSISTANTS_TEST_DB_URL!;
/** Not idempotent and not read-only by its annotations: it may run at most once. */
const NOT_IDEMPOTENT = 'toggle-simulated-logging';
const INTERRUPTED = /may or may not have run, so it is not called again/;

type Http = Pick<TestApp, 'http'>;

async function callsOf(t: Http, s: ChatSetup, messageId: string): Promise<ToolCallView[]> {
  const items = (await t.http().get(`/api/conversations/${s.conversationId}/messages?limit=50`).set(s.user.auth).expect(200)).body.items as any[];
  return items.find((m) => m.id === messageId)?.toolCalls ?? [];
}

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const taskOf = async (t: Http, s: ChatSetup, taskId: string) => (await t.http().get(`/api/tasks/${taskId}`).set(s.user.auth).expect(200)).body;
const ended = (t: Http, s: ChatSetup, taskId: string) =>
  until(`task ${taskId} to end`, async () => isTaskEnded((await taskOf(t, s, taskId)).status) && taskOf(t, s, taskId), 90_000);

/** A tool server behind a proxy that counts real calls, linked to the setup's assistant: one tool that runs freely, one that needs approval. */
async function linkTools(t: Http, s: ChatSetup, url: string) {
  const server = (await t.http().post('/api/tool-servers').set(s.user.auth).send({ name: 'Everything', transport: 'http', url }).expect(201)).body;
  expect(server.status).toBe('ok');
  await t
    .http()
    .put(`/api/assistants/${s.assistantId}/tools`)
    .set(s.user.auth)
    .send({
      tools: [
        { serverId: server.id, name: NOT_IDEMPOTENT, approval: 'never' },
        { serverId: server.id, name: 'echo', approval: 'always' },
      ],
    })
    .expect(200);
}

async function scenario(
  t: Http,
  llm: FakeLlmServer,
  proxy: ToolCallProxy,
  crash: () => Promise<void>,
  restart: () => Promise<void>,
  s: ChatSetup,
): Promise<void> {
  // 1. A call that may run once, killed while the tool works: afterwards it is failed, and it ran once.
  proxy.holdMs = 60_000;
  llm.script({ kind: 'tool-calls', calls: [{ name: `Everything_${NOT_IDEMPOTENT}`, arguments: {} }] });
  const first = await sendMessage({ t } as unknown as ChatHarness, s, { content: 'Toggle logging' });
  await until('the tool to be called', async () => proxy.calls.length === 1);
  await crash();
  proxy.holdMs = 0;
  await restart();
  const done = await ended(t, s, first.taskId);
  expect(done.status).toBe('done');
  const [interrupted] = await callsOf(t, s, first.assistantMessageId);
  expect(interrupted).toMatchObject({ name: NOT_IDEMPOTENT, status: 'failed', error: expect.stringMatching(INTERRUPTED) });
  expect(proxy.calls).toEqual([NOT_IDEMPOTENT]);

  // 2. A call awaiting approval across the crash: still waiting after the restart, and it runs once approved.
  llm.script({ kind: 'tool-calls', calls: [{ name: 'Everything_echo', arguments: { message: 'after the crash' } }] });
  const second = await sendMessage({ t } as unknown as ChatHarness, s, { content: 'Echo, with approval' });
  const waiting = await until('the call to await approval', async () =>
    (await callsOf(t, s, second.assistantMessageId)).find((c) => c.status === 'awaiting_approval'),
  );
  await crash();
  await restart();
  // Give the restarted runner a moment to take the turn up again: it must still wait.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  expect((await callsOf(t, s, second.assistantMessageId))[0].status).toBe('awaiting_approval');
  await t.http().post(`/api/tool-calls/${waiting.id}/approve`).set(s.user.auth).expect(200);
  const answered = await ended(t, s, second.taskId);
  expect(answered).toMatchObject({ status: 'done', message: { content: 'From the tools: Echo: after the crash' } });
  expect(proxy.calls).toEqual([NOT_IDEMPOTENT, 'echo']);
}

describe('tool calls survive crashes', () => {
  let everything: Awaited<ReturnType<typeof startEverythingOverHttp>>;
  let proxy: ToolCallProxy;
  let llm: FakeLlmServer;
  beforeAll(async () => {
    everything = await startEverythingOverHttp();
    proxy = await startToolCallProxy(everything.url);
    llm = await startFakeLlmServer();
  });
  afterAll(async () => {
    await llm?.close();
    await proxy?.close();
    await everything?.stop();
  });
  beforeEach(() => {
    proxy.calls.length = 0;
    llm.reset();
  });

  it('Temporal: a worker killed mid-call or while a call awaits approval', async () => {
    const server = await startTemporalServer();
    // Temporal's Java test server never moves a workflow task off a dead worker's sticky queue, so these workers run without one.
    const env = {
      ...FAST_LLM_ENV,
      TEMPORAL_MAX_CACHED_WORKFLOWS: '0',
      LLM_BASE_URL: llm.baseUrl,
      TEMPORAL_ADDRESS: server.address,
      TEMPORAL_TASK_QUEUE: `tool-crash-${Date.now()}`,
      DATABASE_URL: sharedDatabase,
      TOOLS_ALLOW_PRIVATE_NETWORKS: 'true',
      SECRETS_KEY: 'a-secrets-key-shared-by-the-api-and-its-workers',
    };
    const t = await startTestApp(env);
    let worker: ChildProcess | undefined;
    const startWorker = async () => {
      worker = spawnApp('worker', env);
      await waitForOutput(worker, /polling task queue/);
    };
    try {
      await startWorker();
      const s = await createChatSetup({ t } as ChatHarness);
      await linkTools(t, s, proxy.url);
      await scenario(t, llm, proxy, async () => void worker!.kill('SIGKILL'), startWorker, s);
    } finally {
      if (worker?.exitCode === null) worker.kill('SIGKILL');
      await t.close();
      await server.stop();
    }
  }, 240_000);

  it('embedded: the product killed mid-call or while a call awaits approval', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'assistants-tool-crash-'));
    const port = await freePort();
    const env = {
      ...FAST_LLM_ENV,
      LLM_BASE_URL: llm.baseUrl,
      DATABASE_URL: sharedDatabase,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      WEB_DIST_DIR: join(dataDir, 'none'),
      TOOLS_ALLOW_PRIVATE_NETWORKS: 'true',
    };
    const t: Http = { http: () => request(`http://127.0.0.1:${port}`) } as Http;
    let product: ChildProcess | undefined;
    const start = async () => {
      product = spawnApp('api', env);
      await waitForOutput(product, /listening on/);
    };
    try {
      await start();
      const s = await createChatSetup({ t } as unknown as ChatHarness);
      await linkTools(t, s, proxy.url);
      await scenario(t, llm, proxy, async () => void product!.kill('SIGKILL'), start, s);
    } finally {
      if (product?.exitCode === null) product.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 240_000);
});
