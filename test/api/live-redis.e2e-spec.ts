import { LIVE_CLOSE_CODES, type ServerMessage } from '@assistants/common';
import { randomBytes } from 'node:crypto';
import { LiveFeedStatus } from '../../apps/api/src/runtime/runtime.module';
import { loginAdmin, registerAdmin } from '../support/api-app';
import { type ChatHarness, createChatSetup, sendMessage, startChatHarness, waitForTask } from '../support/chat-harness';
import { connectLive, listenForWebSocket } from '../support/live-client';
import { startTcpProxy } from '../support/processes';

// The real Redis on 127.0.0.1:6379, behind a proxy this test can cut to play "Redis is down".
describe('live updates through Redis, and Redis going down', () => {
  let h: ChatHarness;
  let proxy: Awaited<ReturnType<typeof startTcpProxy>>;

  beforeAll(async () => {
    proxy = await startTcpProxy({ host: '127.0.0.1', port: 6379 });
    h = await startChatHarness('embedded', { REDIS_URL: `redis://127.0.0.1:${proxy.port}`, REDIS_KEY_PREFIX: `test-${randomBytes(4).toString('hex')}:` });
    const feed = h.t.app.get(LiveFeedStatus);
    for (let i = 0; i < 100 && !feed.available; i++) await new Promise((r) => setTimeout(r, 50));
  });
  afterAll(async () => {
    await h.close();
    await proxy.down();
  });

  it('tells clients when live events stop, keeps polling working, and resumes when Redis is back', async () => {
    const s = await createChatSetup(h);
    const client = await connectLive(await listenForWebSocket(h.t.app), s.user.token);
    try {
      client.send({ type: 'subscribe', conversationId: s.conversationId });
      await client.next((m) => m.type === 'subscribed');
      // The embedded runner publishes to Redis, and this instance hears it back from there.
      const first = await sendMessage(h, s, { content: 'Through Redis' });
      await client.next((m) => m.type === 'message.done' && m.messageId === first.assistantMessageId);

      await proxy.down();
      const error = await client.next<Extract<ServerMessage, { type: 'error' }>>((m) => m.type === 'error');
      expect(error.code).toBe('live_unavailable');
      // Nothing is lost: the database is the source of truth, and polling shows the answer.
      const second = await sendMessage(h, s, { content: 'While Redis is down' });
      expect(await waitForTask(h, s, second.taskId)).toMatchObject({ status: 'done', message: { content: 'Answer to: While Redis is down' } });

      const mark = client.received.length;
      await proxy.up();
      await client.next((m) => m.type === 'subscribed', 15_000, mark);
      // The runner's publisher has its own connection, retried on its own schedule (at most 2 s apart).
      await new Promise((r) => setTimeout(r, 2500));
      const third = await sendMessage(h, s, { content: 'Back again' });
      const done = await client.next<{ message: { content: string } } & ServerMessage>(
        (m) => m.type === 'message.done' && m.messageId === third.assistantMessageId,
      );
      expect(done.message.content).toBe('Answer to: Back again');
    } finally {
      await client.close();
    }
  });

  it('closes the sockets of an account disabled while Redis was down once it is back: the word of it may have been lost', async () => {
    const s = await createChatSetup(h);
    const bystander = await createChatSetup(h);
    const url = await listenForWebSocket(h.t.app);
    const [client, other] = [await connectLive(url, s.user.token), await connectLive(url, bystander.user.token)];
    try {
      await proxy.down();
      await client.next((m) => m.type === 'error' && m.code === 'live_unavailable');
      // Another instance disabled the account; its word could not reach this one.
      await h.t.prisma.user.update({ where: { id: s.user.id }, data: { disabledAt: new Date() } });
      other.send({ type: 'subscribe', conversationId: bystander.conversationId });
      await other.next((m) => m.type === 'subscribed');
      const mark = other.received.length;
      await proxy.up();
      expect(await client.closed).toEqual({ code: LIVE_CLOSE_CODES.unauthorized, reason: expect.stringMatching(/disabled/) });
      await other.next((m) => m.type === 'subscribed', 15_000, mark);
      other.send({ type: 'ping', id: 'still here' });
      await other.next((m) => m.type === 'pong');
    } finally {
      await Promise.all([client.close(), other.close()]);
    }
  });

  it('checks every socket again once Redis is back: a key revoked, a session ended and a role changed meanwhile elsewhere', async () => {
    const s = await createChatSetup(h);
    const demoted = await registerAdmin(h.t, await loginAdmin(h.t));
    const key = (await h.t.http().post('/api/auth/api-keys').set(s.user.auth).send({ name: 'svc' }).expect(201)).body;
    const url = await listenForWebSocket(h.t.app);
    const [byKey, byToken, watcher] = [await connectLive(url, key.key), await connectLive(url, s.user.token), await connectLive(url, demoted.token)];
    try {
      watcher.send({ type: 'subscribe', conversationId: s.conversationId });
      await watcher.next((m) => m.type === 'subscribed');
      await proxy.down();
      await watcher.next((m) => m.type === 'error' && m.code === 'live_unavailable');
      // Another instance did all this; its words could not reach this one.
      await h.t.prisma.apiKey.update({ where: { id: key.id }, data: { revokedAt: new Date() } });
      await h.t.prisma.user.update({ where: { id: s.user.id }, data: { tokensValidAfter: new Date() } });
      await h.t.prisma.user.update({ where: { id: demoted.id }, data: { role: 'member' } });
      const mark = watcher.received.length;
      await proxy.up();
      expect(await byKey.closed).toEqual({ code: LIVE_CLOSE_CODES.unauthorized, reason: expect.stringMatching(/API key was revoked/) });
      expect(await byToken.closed).toEqual({ code: LIVE_CLOSE_CODES.unauthorized, reason: expect.stringMatching(/sign in again/) });
      expect(await watcher.next((m) => m.type === 'error', 15_000, mark)).toMatchObject({ code: 'forbidden', target: { conversationId: s.conversationId } });
      watcher.send({ type: 'ping', id: 'still here' });
      await watcher.next((m) => m.type === 'pong');
      // Dropped, not started afresh.
      expect(watcher.received.slice(mark).filter((m) => m.type === 'subscribed')).toEqual([]);
    } finally {
      await Promise.all([byKey.close(), byToken.close(), watcher.close()]);
    }
  });
});
