import { isTaskEnded } from '@assistants/domain';
import { LocalEventBus } from '@assistants/adapters';
import { type PlatformEvent } from '@assistants/common';
import { startFakeLlmServer, type FakeLlmServer } from './fake-llm-server';
import { registerUser, startTestApp, type TestApp, type TestUser } from './api-app';
import { type RunningWorker, startTemporalServer, startWorker, type TemporalTestServer, type WrapActivities } from './temporal';

export interface ChatHarness {
  runner: 'embedded' | 'temporal';
  t: TestApp;
  llm: FakeLlmServer;
  events: PlatformEvent[];
  temporal?: { server: TemporalTestServer; worker: RunningWorker };
  close(): Promise<void>;
}

/** Short LLM timeouts and retries so failure scenarios finish in seconds. */
export const FAST_LLM_ENV = {
  LLM_MAX_ATTEMPTS: '3',
  LLM_RETRY_INITIAL_MS: '50',
  LLM_TIMEOUT_MS: '8000',
  LLM_HEARTBEAT_TIMEOUT_MS: '2000',
  EMBEDDING_BASE_URL: 'offline',
  // Fast and deterministic for the chat scenarios; the local model has its own tests and the embedded default test.
  EMBEDDING_MODEL: 'hashing',
  CHAT_HISTORY_MESSAGES: '4',
  CHAT_SUMMARY_AFTER: '2',
};

/** The API with an OpenAI-compatible fake LLM, on the embedded runner or on Temporal with our worker. */
export async function startChatHarness(
  runner: 'embedded' | 'temporal',
  env: Record<string, string> = {},
  wrapActivities?: WrapActivities,
): Promise<ChatHarness> {
  const llm = await startFakeLlmServer();
  const server = runner === 'temporal' ? await startTemporalServer() : undefined;
  const t = await startTestApp({
    ...FAST_LLM_ENV,
    LLM_BASE_URL: llm.baseUrl,
    LLM_API_KEY: 'sk-test-secret-key',
    ...(server && { TEMPORAL_ADDRESS: server.address, TEMPORAL_TASK_QUEUE: `test-${Date.now()}`, TEMPORAL_SEARCH_ATTRIBUTES: 'true' }),
    ...env,
  });
  const bus = t.app.get(LocalEventBus);
  const events: PlatformEvent[] = [];
  bus.subscribe((event) => events.push(event));
  const worker = server ? await startWorker(server.address, t.config, t.db, bus, wrapActivities) : undefined;
  return {
    runner,
    t,
    llm,
    events,
    temporal: server && worker && { server, worker },
    async close() {
      await worker?.stop();
      await t.close();
      await server?.stop();
      await llm.close();
    },
  };
}

export interface ChatSetup {
  user: TestUser;
  assistantId: string;
  conversationId: string;
}

export async function createChatSetup(h: ChatHarness, assistant: Record<string, unknown> = {}): Promise<ChatSetup> {
  const user = await registerUser(h.t, 'chatter');
  const created = await h.t
    .http()
    .post('/api/assistants')
    .set(user.auth)
    .send({ name: 'Helper', llmModel: 'gpt-4o-mini', ...assistant })
    .expect(201);
  const conversation = await h.t.http().post('/api/conversations').set(user.auth).send({ assistantId: created.body.id, title: 'Test chat' }).expect(201);
  return { user, assistantId: created.body.id, conversationId: conversation.body.id };
}

export async function sendMessage(h: ChatHarness, s: ChatSetup, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await h.t.http().post(`/api/conversations/${s.conversationId}/messages`).set(s.user.auth).set(headers).send(body);
  if (res.status !== 202) throw new Error(`send failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { taskId: string; assistantMessageId: string; userMessage: { id: string }; created: boolean };
}

/** Polls the task-status endpoint, as a client without WebSocket would, until the task ends or `until` holds. */
export async function waitForTask(
  h: Pick<ChatHarness, 't'>,
  s: { user: TestUser },
  taskId: string,
  until: (task: any) => boolean = (task) => isTaskEnded(task.status),
  timeoutMs = 30_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await h.t.http().get(`/api/tasks/${taskId}`).set(s.user.auth).expect(200);
    if (until(res.body)) return res.body;
    if (Date.now() > deadline) throw new Error(`task ${taskId} still ${res.body.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function uploadDocument(h: ChatHarness, s: ChatSetup, filename: string, text: string, mimeType = 'text/plain') {
  const res = await h.t
    .http()
    .post(`/api/assistants/${s.assistantId}/documents`)
    .set(s.user.auth)
    .attach('file', Buffer.from(text), { filename, contentType: mimeType });
  if (res.status !== 202) throw new Error(`upload failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { taskId: string; document: { id: string } };
}
