import { applyStreamEvent, LIVE_CLOSE_CODES, type ServerMessage, type StreamedText } from '@assistants/common';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loginAdmin, registerAdmin, registerUser, startTestApp, type TestApp } from '../support/api-app';
import { type ChatHarness, createChatSetup, FAST_LLM_ENV, sendMessage } from '../support/chat-harness';
import { startFakeLlmServer } from '../support/fake-llm-server';
import { connectLive, listenForWebSocket, type LiveTestClient } from '../support/live-client';
import { freePort, spawnApp, waitForOutput } from '../support/processes';
import { startTemporalServer, type TemporalTestServer } from '../support/temporal';

// The processes share this test file's database (every test run has a PostgreSQL server).
const sharedDatabase = process.env.ASSISTANTS_TEST_DB_URL!;

function textOf(received: ServerMessage[], messageId: string): StreamedText {
  let held: StreamedText | undefined;
  for (const m of received) {
    if ((m.type !== 'message.snapshot' && m.type !== 'message.delta') || m.messageId !== messageId) continue;
    const next = applyStreamEvent(held, m);
    if (next === 'gap') throw new Error(`gap before seq ${m.seq}`);
    if (m.type === 'message.delta') expect(m.seq).toBeGreaterThan(held?.seq ?? 0);
    held = next;
  }
  return held ?? { text: '', seq: 0 };
}

describe('live updates across processes (worker → Redis → two API instances)', () => {
  it('shows a client on instance B the answer to a message posted on instance A, also when it joins mid-answer', async () => {
    const llm = await startFakeLlmServer();
    const server = await startTemporalServer();
    const dataDir = mkdtempSync(join(tmpdir(), 'assistants-live-b-'));
    const env = {
      ...FAST_LLM_ENV,
      LLM_BASE_URL: llm.baseUrl,
      TEMPORAL_ADDRESS: server.address,
      TEMPORAL_TASK_QUEUE: `live-${Date.now()}`,
      DATABASE_URL: sharedDatabase,
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_KEY_PREFIX: `test-${randomBytes(4).toString('hex')}:`,
    };
    const a = await startTestApp(env);
    const children: ChildProcess[] = [];
    const clients: LiveTestClient[] = [];
    try {
      const portB = await freePort();
      children.push(spawnApp('worker', env));
      children.push(
        spawnApp('api', {
          ...env,
          PORT: String(portB),
          HOST: '127.0.0.1',
          DATA_DIR: dataDir,
          JWT_SECRET: a.config.jwt.secret!,
          WEB_DIST_DIR: join(dataDir, 'none'),
        }),
      );
      await Promise.all([waitForOutput(children[0], /polling task queue/), waitForOutput(children[1], /listening on/)]);
      const urlA = await listenForWebSocket(a.app);
      const urlB = `ws://127.0.0.1:${portB}/api/ws`;

      const s = await createChatSetup({ t: a } as ChatHarness);
      const onA = await connectLive(urlA, s.user.token);
      const onB = await connectLive(urlB, s.user.token);
      clients.push(onA, onB);
      for (const c of [onA, onB]) c.send({ type: 'subscribe', conversationId: s.conversationId });
      await Promise.all([onA, onB].map((c) => c.next((m) => m.type === 'subscribed')));

      const text = Array.from({ length: 60 }, (_, i) => `token${i}`).join(' ');
      llm.script({ kind: 'reply', text, delayMsPerToken: 20 });
      const turn = await sendMessage({ t: a } as ChatHarness, s, { content: 'Across instances' });
      // A second client joins on B mid-answer.
      await onB.next((m) => m.type === 'message.delta' && m.seq > 150, 60_000);
      const lateOnB = await connectLive(urlB, s.user.token);
      clients.push(lateOnB);
      lateOnB.send({ type: 'subscribe', conversationId: s.conversationId });

      const isDone = (m: ServerMessage) => m.type === 'message.done' && m.messageId === turn.assistantMessageId;
      const [doneA, doneB, doneLate] = await Promise.all(
        [onA, onB, lateOnB].map((c) => c.next<{ message: { content: string } } & ServerMessage>(isDone, 60_000)),
      );
      for (const done of [doneA, doneB, doneLate]) expect(done.message.content).toBe(text);
      for (const c of [onA, onB, lateOnB]) expect(textOf(c.received, turn.assistantMessageId).text).toBe(text);
      const typing = onB.received.findIndex((m) => m.type === 'typing' && m.state === 'start');
      expect(typing).toBeGreaterThanOrEqual(0);
      expect(typing).toBeLessThan(onB.received.findIndex((m) => m.type === 'message.delta'));
      expect(lateOnB.received.find((m) => m.type === 'message.snapshot')).toMatchObject({ seq: expect.any(Number) });
    } finally {
      await Promise.all(clients.map((c) => c.close()));
      for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
      await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : undefined)));
      await a.close();
      await server.stop();
      await llm.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 240_000);
});

/** Resolves once the client's subscription is live: a "subscribed" after any live_unavailable (the instance's listener may still be starting). */
async function whenLive(client: LiveTestClient): Promise<void> {
  await client.next((m) => m.type === 'subscribed');
  const down = client.received.findLastIndex((m) => m.type === 'error' && m.code === 'live_unavailable');
  if (down >= 0) await client.next((m) => m.type === 'subscribed', 15_000, down + 1);
}

/** Instance A in this process and B in another, sharing the database and the events channel; no worker. */
async function withTwoInstances(
  server: TemporalTestServer,
  channel: 'redis' | 'postgres',
  run: (a: TestApp, urlB: string, clients: LiveTestClient[]) => Promise<void>,
): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'assistants-instance-b-'));
  const env = {
    ...FAST_LLM_ENV,
    TEMPORAL_ADDRESS: server.address,
    TEMPORAL_TASK_QUEUE: `two-instances-${Date.now()}`,
    DATABASE_URL: sharedDatabase,
    ...(channel === 'redis' && { REDIS_URL: 'redis://127.0.0.1:6379', REDIS_KEY_PREFIX: `test-${randomBytes(4).toString('hex')}:` }),
  };
  const a = await startTestApp(env);
  const children: ChildProcess[] = [];
  const clients: LiveTestClient[] = [];
  try {
    const portB = await freePort();
    children.push(
      spawnApp('api', {
        ...env,
        PORT: String(portB),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        JWT_SECRET: a.config.jwt.secret!,
        WEB_DIST_DIR: join(dataDir, 'none'),
      }),
    );
    await waitForOutput(children[0], /listening on/);
    await run(a, `ws://127.0.0.1:${portB}/api/ws`, clients);
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : undefined)));
    await a.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

describe('revocation on every API instance', () => {
  let server: TemporalTestServer;
  beforeAll(async () => {
    server = await startTemporalServer();
  });
  afterAll(() => server.stop());

  // Nothing runs here but the two API instances and the channel between them.
  it.each(['redis', 'postgres'] as const)(
    'closes its sockets on instance B when an admin disables it on instance A (through %s)',
    (channel) =>
      withTwoInstances(server, channel, async (a, urlB, clients) => {
        const s = await createChatSetup({ t: a } as ChatHarness);
        const bystander = await registerUser(a, 'bystander');
        const onA = await connectLive(await listenForWebSocket(a.app), s.user.token);
        const onB = await connectLive(urlB, s.user.token);
        const otherOnB = await connectLive(urlB, bystander.token);
        clients.push(onA, onB, otherOnB);
        onB.send({ type: 'subscribe', conversationId: s.conversationId });
        await whenLive(onB);

        // onB sends nothing from here on: only the word from A can close it.
        const admin = await loginAdmin(a);
        await a.http().patch(`/api/users/${s.user.id}`).set(admin.auth).send({ disabled: true }).expect(200);
        for (const c of [onA, onB]) expect(await c.closed).toEqual({ code: LIVE_CLOSE_CODES.unauthorized, reason: expect.stringMatching(/disabled/) });
        otherOnB.send({ type: 'ping', id: 'still here' });
        expect(await otherOnB.next((m) => m.type === 'pong')).toEqual({ type: 'pong', id: 'still here' });
      }),
    180_000,
  );

  it.each(['redis', 'postgres'] as const)(
    "on instance B, closes a revoked key's and a signed-out token's sockets and drops a demoted admin's subscription, all done on A (through %s)",
    (channel) =>
      withTwoInstances(server, channel, async (a, urlB, clients) => {
        const admin = await loginAdmin(a);
        const s = await createChatSetup({ t: a } as ChatHarness);
        const leaving = await registerUser(a, 'leaving');
        const demoted = await registerAdmin(a, admin);
        const key = (await a.http().post('/api/auth/api-keys').set(s.user.auth).send({ name: 'svc' }).expect(201)).body;
        const [byKey, byLeaving, watcher] = [await connectLive(urlB, key.key), await connectLive(urlB, leaving.token), await connectLive(urlB, demoted.token)];
        clients.push(byKey, byLeaving, watcher);
        watcher.send({ type: 'subscribe', conversationId: s.conversationId });
        await whenLive(watcher);
        const mark = watcher.received.length;

        // The sockets on B send nothing from here on: only the word from A can reach them.
        await a.http().delete(`/api/auth/api-keys/${key.id}`).set(s.user.auth).expect(204);
        expect(await byKey.closed).toEqual({ code: LIVE_CLOSE_CODES.unauthorized, reason: expect.stringMatching(/API key was revoked/) });
        await a.http().patch(`/api/users/${demoted.id}`).set(admin.auth).send({ role: 'member' }).expect(200);
        const dropped = await watcher.next((m) => m.type === 'error', 15_000, mark);
        expect(dropped).toMatchObject({ code: 'forbidden', target: { conversationId: s.conversationId } });
        watcher.send({ type: 'ping', id: 'still here' });
        expect(await watcher.next((m) => m.type === 'pong')).toEqual({ type: 'pong', id: 'still here' });
        await a.http().post('/api/auth/logout').set(leaving.auth).expect(204);
        expect(await byLeaving.closed).toEqual({ code: LIVE_CLOSE_CODES.unauthorized, reason: expect.stringMatching(/sign in again/) });
      }),
    180_000,
  );
});
