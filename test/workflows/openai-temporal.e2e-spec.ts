import { type EventPublisher } from '@assistants/domain';
import { LocalEventBus, PgNotifyPublisher } from '@assistants/adapters';
import { type TemporalWorkflowRunner } from '@assistants/runtime';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { Pool } from 'pg';
import { WORKFLOW_RUNNER } from '../../apps/api/src/runtime/runtime.module';
import { registerUser, startTestApp, type TestApp } from '../support/api-app';
import { FAST_LLM_ENV } from '../support/chat-harness';
import { type FakeLlmServer, startFakeLlmServer } from '../support/fake-llm-server';
import { type RunningWorker, startTemporalServer, startWorker, type TemporalTestServer } from '../support/temporal';

const postgres = process.env.ASSISTANTS_TEST_DB_URL;

/**
 * A streamed /v1 completion on Temporal: the turn is a workflow ops staff can find, and
 * on PostgreSQL the worker's tokens reach the API as production relays them, through NOTIFY.
 */
describe(`OpenAI-compatible streaming on Temporal (events ${postgres ? 'through PostgreSQL NOTIFY' : 'in process'})`, () => {
  let llm: FakeLlmServer;
  let server: TemporalTestServer;
  let t: TestApp;
  let worker: RunningWorker;
  let pool: Pool | undefined;

  beforeAll(async () => {
    llm = await startFakeLlmServer();
    server = await startTemporalServer();
    t = await startTestApp({ ...FAST_LLM_ENV, LLM_BASE_URL: llm.baseUrl, TEMPORAL_ADDRESS: server.address, TEMPORAL_TASK_QUEUE: `openai-${Date.now()}` });
    pool = postgres ? new Pool({ connectionString: postgres, max: 1 }) : undefined;
    const events: EventPublisher = pool ? new PgNotifyPublisher(pool) : t.app.get(LocalEventBus);
    worker = await startWorker(server.address, t.config, t.db, events);
    await t.app.listen(0, '127.0.0.1');
  }, 120_000);
  afterAll(async () => {
    await worker?.stop();
    await t?.close();
    await pool?.end();
    await server?.stop();
    await llm?.close();
  });

  it('streams the answer of a chatTurnWorkflow, chunk by chunk, equal to the stored message', async () => {
    const user = await registerUser(t, 'temporal-sdk');
    const assistant = (await t.http().post('/api/assistants').set(user.auth).send({ name: 'Helper', llmModel: 'gpt-4o-mini' }).expect(201)).body;
    const port = (t.app.getHttpServer().address() as AddressInfo).port;
    const client = new OpenAI({ apiKey: user.token, baseURL: `http://127.0.0.1:${port}/v1`, maxRetries: 0 });
    llm.script({ kind: 'reply', text: 'Durable answers arrive token by token over the wire.', delayMsPerToken: 10 });

    const { data: stream, response } = await client.chat.completions
      .create({ model: assistant.id, messages: [{ role: 'user', content: 'Tell me about durability' }], stream: true })
      .withResponse();
    const deltas: string[] = [];
    for await (const chunk of stream) if (chunk.choices[0]?.delta.content) deltas.push(chunk.choices[0].delta.content);

    expect(deltas.length).toBeGreaterThan(3);
    const conversationId = response.headers.get('x-conversation-id')!;
    const answer = await t.prisma.message.findFirstOrThrow({ where: { conversationId, role: 'assistant' } });
    expect(deltas.join('')).toBe(answer.content);
    expect(answer.content).toBe('Durable answers arrive token by token over the wire.');

    const task = await t.prisma.task.findFirstOrThrow({ where: { assistantMessageId: answer.id } });
    const handle = t.app.get<TemporalWorkflowRunner>(WORKFLOW_RUNNER).client.workflow.getHandle(task.id);
    // The answer is out once its task is done; the workflow itself ends just after.
    await handle.result();
    const description = await handle.describe();
    expect(description.type).toBe('chatTurnWorkflow');
    expect(description.status.name).toBe('COMPLETED');
    expect(description.memo).toMatchObject({ assistant: 'Helper', user: user.email, conversation: 'Tell me about durability' });
  });
});
