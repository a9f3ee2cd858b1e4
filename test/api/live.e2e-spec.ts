import { applyStreamEvent, LIVE_CLOSE_CODES, type MessageDeltaEvent, type ServerMessage, type StreamedText } from '@assistants/common';
import { LocalEventBus } from '@assistants/adapters';
import { LiveService } from '../../apps/api/src/live/live.service';
import { loginAdmin, registerUser } from '../support/api-app';
import { type ChatHarness, createChatSetup, sendMessage, startChatHarness, uploadDocument, waitForTask } from '../support/chat-harness';
import { connectLive, listenForWebSocket, type LiveTestClient } from '../support/live-client';

const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');
const isDone = (messageId: string) => (m: ServerMessage) => m.type === 'message.done' && m.messageId === messageId;

/** Replays what a client received for one message with the documented rule, failing on a gap or a duplicate. */
function heldText(received: ServerMessage[], messageId: string): StreamedText {
  let held: StreamedText | undefined;
  for (const m of received) {
    if ((m.type !== 'message.snapshot' && m.type !== 'message.delta') || m.messageId !== messageId) continue;
    if (m.type === 'message.delta') expect(m.seq).toBeGreaterThan(held?.seq ?? 0); // never a duplicate
    const next = applyStreamEvent(held, m);
    if (next === 'gap') throw new Error(`gap before seq ${m.seq}`);
    held = next;
  }
  return held ?? { text: '', seq: 0 };
}

describe('live updates over WebSocket (/api/ws)', () => {
  let h: ChatHarness;
  let url: string;
  const open: LiveTestClient[] = [];
  const connect = async (token?: string) => {
    const client = await connectLive(url, token);
    open.push(client);
    return client;
  };

  beforeAll(async () => {
    h = await startChatHarness('embedded', { WS_HEARTBEAT_MS: '300', WS_MAX_BUFFERED_BYTES: String(256 * 1024) });
    url = await listenForWebSocket(h.t.app);
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await h.close();
  });

  it('streams a turn: typing before the first delta, deltas in order adding up to the stored answer, then done', async () => {
    const s = await createChatSetup(h);
    const client = await connect(s.user.token);
    client.send({ type: 'subscribe', conversationId: s.conversationId });
    await client.next((m) => m.type === 'subscribed');
    const text = words(30);
    h.llm.script({ kind: 'reply', text, delayMsPerToken: 5 });
    const turn = await sendMessage(h, s, { content: 'Stream to me' });
    const done = await client.next<Extract<ServerMessage, { type: 'message.done' }>>(isDone(turn.assistantMessageId));

    const mine = client.received.filter((m) => 'messageId' in m && m.messageId === turn.assistantMessageId);
    const firstDelta = mine.findIndex((m) => m.type === 'message.delta');
    const typingStart = mine.findIndex((m) => m.type === 'typing' && m.state === 'start');
    expect(typingStart).toBeGreaterThanOrEqual(0);
    expect(typingStart).toBeLessThan(firstDelta);
    expect(mine.find((m) => m.type === 'typing' && m.stage === 'generating')).toBeDefined();
    const deltas = mine.filter((m): m is MessageDeltaEvent => m.type === 'message.delta');
    expect(deltas.length).toBeGreaterThan(10);
    deltas.forEach((d, i) => expect(d.seq - d.text.length).toBe(i === 0 ? 0 : deltas[i - 1].seq));
    expect(deltas.map((d) => d.text).join('')).toBe(text);
    expect(mine.findIndex((m) => m.type === 'typing' && m.state === 'stop')).toBeGreaterThan(firstDelta);

    const stored = (await h.t.http().get(`/api/conversations/${s.conversationId}/messages`).set(s.user.auth).expect(200)).body.items;
    const answer = stored.find((m: { id: string }) => m.id === turn.assistantMessageId);
    expect(answer.content).toBe(text);
    expect(done.message).toMatchObject({ id: turn.assistantMessageId, status: 'done', content: text, usage: { totalTokens: expect.any(Number) } });
    // The task ends after its answer is stored and counted, so its status follows message.done.
    await client.next((m) => m.type === 'task.status' && m.taskId === turn.taskId && m.status === 'done');
  });

  // 'forgotten' makes this instance lose what it relayed, as one that joined mid-answer: the snapshot
  // then comes from the partial text saved in the database, and the hole up to the live stream is filled.
  it.each(['relayed', 'forgotten'])('gives a client that reconnects mid-answer the whole text exactly once (%s stream)', async (mode) => {
    const s = await createChatSetup(h);
    const first = await connect(s.user.token);
    first.send({ type: 'subscribe', conversationId: s.conversationId });
    await first.next((m) => m.type === 'subscribed');
    const text = words(80);
    h.llm.script({ kind: 'reply', text, delayMsPerToken: 15 });
    const turn = await sendMessage(h, s, { content: 'Long answer please' });
    await first.next((m) => m.type === 'message.delta' && m.seq > 100);
    await first.close();
    if (mode === 'forgotten') {
      (h.t.app.get(LiveService) as unknown as { relay: { clear(): void } }).relay.clear();
      // Let the saved partial fall behind the stream, so there is a hole to fill.
      await new Promise((r) => setTimeout(r, 100));
    }

    const second = await connect(s.user.token);
    second.send({ type: 'subscribe', conversationId: s.conversationId });
    const snapshot = await second.next<Extract<ServerMessage, { type: 'message.snapshot' }>>((m) => m.type === 'message.snapshot');
    expect(snapshot.seq).toBeGreaterThan(0);
    expect(snapshot.seq).toBe(snapshot.text.length);
    expect(text.startsWith(snapshot.text)).toBe(true);
    await second.next(isDone(turn.assistantMessageId));
    expect(second.received.findIndex((m) => m.type === 'subscribed')).toBeLessThan(second.received.indexOf(snapshot));
    expect(heldText(second.received, turn.assistantMessageId).text).toBe(text);
    if (mode === 'relayed') {
      // Straight from the relay: one snapshot, then only later deltas, continuing it exactly.
      const deltas = second.received.filter((m): m is MessageDeltaEvent => m.type === 'message.delta');
      expect(second.received.filter((m) => m.type === 'message.snapshot')).toHaveLength(1);
      expect(snapshot.text + deltas.map((d) => d.text).join('')).toBe(text);
    }
  });

  it("reports the ingest progress of an assistant's documents and of one document", async () => {
    const s = await createChatSetup(h);
    const client = await connect(s.user.token);
    client.send({ type: 'subscribe', assistantId: s.assistantId });
    await client.next((m) => m.type === 'subscribed');
    const upload = await uploadDocument(h, s, 'notes.md', '# Notes\n\nParental leave is sixteen weeks.');
    client.send({ type: 'subscribe', documentId: upload.document.id });
    const ready = await client.next((m) => m.type === 'document.progress' && m.stage === 'done');
    expect(ready).toMatchObject({ documentId: upload.document.id, assistantId: s.assistantId, status: 'ready', percent: 100 });
    const stages = client.received.filter((m) => m.type === 'document.progress').map((m) => (m as { stage: string }).stage);
    expect(stages).toContain('embedding');
    // Subscribed to both the assistant and the document, the client still gets each event once.
    expect(stages.filter((stage) => stage === 'done')).toHaveLength(1);
    expect(client.received).toContainEqual(expect.objectContaining({ type: 'task.status', taskId: upload.taskId, status: 'done' }));
  });

  it('gives a member without access nothing but an error', async () => {
    const s = await createChatSetup(h);
    const owner = await connect(s.user.token);
    const stranger = await registerUser(h.t, 'stranger');
    const other = await connect(stranger.token);
    owner.send({ type: 'subscribe', conversationId: s.conversationId });
    other.send({ type: 'subscribe', conversationId: s.conversationId });
    other.send({ type: 'subscribe', assistantId: s.assistantId });
    other.send({ type: 'subscribe', conversationId: '00000000-0000-4000-8000-000000000000' });
    other.send({ type: 'subscribe', conversationId: 'not-an-id' });
    await owner.next((m) => m.type === 'subscribed');
    const turn = await sendMessage(h, s, { content: 'Private question' });
    await owner.next(isDone(turn.assistantMessageId));
    for (let i = 0; i < 50 && other.received.length < 4; i++) await new Promise((r) => setTimeout(r, 20));
    expect(other.received.map((m) => m.type)).toEqual(['error', 'error', 'error', 'error']);
    expect(other.received.map((m) => (m as { code: string }).code).sort()).toEqual(['forbidden', 'forbidden', 'not_found', 'not_found']);
    expect(JSON.stringify(other.received)).not.toContain('Private question');
  });

  it('lets an admin follow any conversation, and a service follow with an API key', async () => {
    const s = await createChatSetup(h);
    const admin = (await loginAdmin(h.t)).token;
    const key = (await h.t.http().post('/api/auth/api-keys').set(s.user.auth).send({ name: 'svc' }).expect(201)).body.key;
    const watchers = [await connect(admin), await connect(key)];
    for (const w of watchers) w.send({ type: 'subscribe', conversationId: s.conversationId });
    await Promise.all(watchers.map((w) => w.next((m) => m.type === 'subscribed')));
    const turn = await sendMessage(h, s, { content: 'Watched' });
    for (const w of watchers)
      expect((await w.next<{ message: { content: string } } & ServerMessage>(isDone(turn.assistantMessageId))).message.content).toBe('Answer to: Watched');
  });

  it('refuses the upgrade with 401 for a missing, bad or expired token and a revoked key', async () => {
    const s = await createChatSetup(h);
    const created = (await h.t.http().post('/api/auth/api-keys').set(s.user.auth).send({ name: 'soon revoked' }).expect(201)).body;
    await h.t.http().delete(`/api/auth/api-keys/${created.id}`).set(s.user.auth).expect(204);
    for (const token of [undefined, 'not-a-token', created.key, `${s.user.token.slice(0, -4)}AAAA`]) {
      await expect(connectLive(url, token)).rejects.toMatchObject({ status: 401 });
    }
    await expect(connectLive(`${url}?access_token=nonsense`)).rejects.toMatchObject({ status: 401 });
    // Browsers cannot set headers: the token in the query works.
    const browser = await connectLive(`${url}?access_token=${s.user.token}`);
    open.push(browser);
    browser.send({ type: 'ping', id: 'p1' });
    expect(await browser.next((m) => m.type === 'pong')).toEqual({ type: 'pong', id: 'p1' });
  });

  it("closes every socket of an account an admin disables, JWT and API key alike, with 4401, and keeps other accounts' sockets", async () => {
    const s = await createChatSetup(h);
    const admin = await loginAdmin(h.t);
    const key = (await h.t.http().post('/api/auth/api-keys').set(s.user.auth).send({ name: 'svc' }).expect(201)).body.key;
    const bystander = await registerUser(h.t, 'bystander');
    const [byToken, byKey, other, watchingAdmin] = [
      await connect(s.user.token),
      await connect(key),
      await connect(bystander.token),
      await connect(admin.token),
    ];
    for (const c of [byToken, watchingAdmin]) c.send({ type: 'subscribe', conversationId: s.conversationId });
    await Promise.all([byToken, watchingAdmin].map((c) => c.next((m) => m.type === 'subscribed')));

    await h.t.http().patch(`/api/users/${s.user.id}`).set(admin.auth).send({ disabled: true }).expect(200);
    for (const c of [byToken, byKey]) expect(await c.closed).toEqual({ code: LIVE_CLOSE_CODES.unauthorized, reason: expect.stringMatching(/disabled/) });
    for (const c of [other, watchingAdmin]) {
      c.send({ type: 'ping', id: 'still here' });
      expect(await c.next((m) => m.type === 'pong')).toEqual({ type: 'pong', id: 'still here' });
    }
    await expect(connectLive(url, s.user.token)).rejects.toMatchObject({ status: 401 });
  });

  it("checks the account again at every message: one disabled behind the socket's back cannot subscribe", async () => {
    const s = await createChatSetup(h);
    const client = await connect(s.user.token);
    client.send({ type: 'ping' });
    await client.next((m) => m.type === 'pong');
    // As when another instance disabled the account and its word did not arrive.
    await h.t.prisma.user.update({ where: { id: s.user.id }, data: { disabledAt: new Date() } });
    client.send({ type: 'subscribe', conversationId: s.conversationId });
    expect(await client.closed).toEqual({ code: LIVE_CLOSE_CODES.unauthorized, reason: expect.stringMatching(/disabled/) });
    expect(client.received.map((m) => m.type)).toEqual(['pong']);
  });

  it('refuses the upgrade with 403 to an API key without the read scope', async () => {
    const s = await createChatSetup(h);
    const chatOnly = (
      await h.t
        .http()
        .post('/api/auth/api-keys')
        .set(s.user.auth)
        .send({ name: 'chat only', scopes: ['chat'] })
        .expect(201)
    ).body.key;
    await expect(connectLive(url, chatOnly)).rejects.toMatchObject({ status: 403 });
  });

  it('answers bad messages with an error and keeps the socket', async () => {
    const s = await createChatSetup(h);
    const client = await connect(s.user.token);
    client.ws.send('not json');
    client.send({ type: 'subscribe', conversationId: s.conversationId, assistantId: s.assistantId });
    client.send({ type: 'shout' });
    await client.next((m) => m.type === 'error', 5000, 2);
    expect(client.received.map((m) => (m as { code?: string }).code)).toEqual(['bad_message', 'bad_message', 'bad_message']);
    client.send({ type: 'ping' });
    await client.next((m) => m.type === 'pong');
  });

  it('closes a socket that stops answering pings', async () => {
    const s = await createChatSetup(h);
    const deaf = await connectLive(url, s.user.token, { autoPong: false });
    const live = h.t.app.get(LiveService);
    const before = live.clients.size;
    const { code } = await deaf.closed;
    expect(code).toBe(1006); // terminated, no close frame
    expect(live.clients.size).toBe(before - 1);
  });

  it('drops a client that reads too slowly with a close code instead of buffering without bound', async () => {
    const s = await createChatSetup(h);
    const slow = await connect(s.user.token);
    slow.send({ type: 'subscribe', conversationId: s.conversationId });
    await slow.next((m) => m.type === 'subscribed');
    const live = h.t.app.get(LiveService);
    const dropped = live.droppedSlowClients;
    const socket = (slow.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    socket.pause();
    const bus = h.t.app.get(LocalEventBus);
    const big = 'x'.repeat(16 * 1024);
    for (let i = 0; i < 2000 && live.droppedSlowClients === dropped; i++) {
      bus.publish({
        type: 'task.status',
        taskId: `chat-${s.conversationId}-x`,
        kind: 'chat',
        status: 'generating',
        progress: 40,
        error: big,
        conversationId: s.conversationId,
      });
      if (i % 50 === 0) await new Promise((r) => setImmediate(r));
    }
    expect(live.droppedSlowClients).toBe(dropped + 1);
    socket.resume();
    expect((await slow.closed).code).toBe(LIVE_CLOSE_CODES.tooSlow);
  });

  it('keeps polling a full alternative: the same turn is visible through GET /api/tasks/:id', async () => {
    const s = await createChatSetup(h);
    const turn = await sendMessage(h, s, { content: 'Poll me' });
    expect(await waitForTask(h, s, turn.taskId)).toMatchObject({ status: 'done', message: { content: 'Answer to: Poll me' } });
  });
});

describe('live updates past the rate limit', () => {
  it('counts the upgrade and each message like a request: past the limit an error event, then close code 4429', async () => {
    const h = await startChatHarness('embedded', { RATE_LIMIT_USER: '4/1m' });
    try {
      const url = await listenForWebSocket(h.t.app);
      const user = await registerUser(h.t, 'chatty');
      const client = await connectLive(url, user.token); // 1
      for (let i = 0; i < 3; i++) client.send({ type: 'ping', id: `p${i}` }); // 2, 3, 4
      await client.next((m) => m.type === 'pong' && m.id === 'p2');
      client.send({ type: 'ping', id: 'one too many' });
      expect(await client.next((m) => m.type === 'error')).toMatchObject({ code: 'rate_limited' });
      expect((await client.closed).code).toBe(LIVE_CLOSE_CODES.rateLimited);
    } finally {
      await h.close();
    }
  });
});
