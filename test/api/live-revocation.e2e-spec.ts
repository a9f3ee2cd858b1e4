import { LIVE_CLOSE_CODES, type ServerMessage } from '@assistants/common';
import { craftJwt, loginAdmin, registerAdmin, registerUser, type TestUser, uniqueEmail } from '../support/api-app';
import { type ChatHarness, createChatSetup, sendMessage, startChatHarness, uploadDocument } from '../support/chat-harness';
import { connectLive, listenForWebSocket, type LiveTestClient } from '../support/live-client';

const isDone = (messageId: string) => (m: ServerMessage) => m.type === 'message.done' && m.messageId === messageId;
const about = (messageId: string) => (m: ServerMessage) => 'messageId' in m && m.messageId === messageId;
const closedUnauthorized = (reason: RegExp) => ({ code: LIVE_CLOSE_CODES.unauthorized, reason: expect.stringMatching(reason) });

/** Revocation reaches open sockets: a revoked or expired key, a session ended, a right taken away. */
describe('live updates when credentials or rights are taken away (/api/ws)', () => {
  let h: ChatHarness;
  let url: string;
  let admin: TestUser;
  const open: LiveTestClient[] = [];
  const connect = async (token?: string) => {
    const client = await connectLive(url, token);
    open.push(client);
    return client;
  };
  const subscribe = async (client: LiveTestClient, target: object) => {
    const from = client.received.length;
    client.send({ type: 'subscribe', ...target });
    await client.next((m) => m.type === 'subscribed', 15_000, from);
  };
  const stillOpen = async (client: LiveTestClient) => {
    const id = `still-${client.received.length}`;
    client.send({ type: 'ping', id });
    return client.next((m) => m.type === 'pong' && m.id === id);
  };
  const newKey = async (user: TestUser) =>
    (await h.t.http().post('/api/auth/api-keys').set(user.auth).send({ name: 'svc' }).expect(201)).body as { id: string; key: string };
  /** A second administrator, whom the first can demote (no one demotes themself). */
  const secondAdmin = () => registerAdmin(h.t, admin);

  beforeAll(async () => {
    h = await startChatHarness('embedded');
    url = await listenForWebSocket(h.t.app);
    admin = await loginAdmin(h.t);
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((c) => c.close()));
  });
  afterAll(() => h.close());

  describe('a revoked API key', () => {
    it("closes the key's socket at once mid-answer (4401), and keeps the account's other sockets", async () => {
      const s = await createChatSetup(h);
      const [revoked, kept] = [await newKey(s.user), await newKey(s.user)];
      const [byRevoked, byKept, byToken] = [await connect(revoked.key), await connect(kept.key), await connect(s.user.token)];
      for (const c of [byRevoked, byToken]) await subscribe(c, { conversationId: s.conversationId });
      h.llm.script({ kind: 'reply', text: Array.from({ length: 60 }, (_, i) => `word${i}`).join(' '), delayMsPerToken: 10 });
      const turn = await sendMessage(h, s, { content: 'A long answer' });
      await byRevoked.next((m) => m.type === 'message.delta' && m.messageId === turn.assistantMessageId);

      await h.t.http().delete(`/api/auth/api-keys/${revoked.id}`).set(s.user.auth).expect(204);
      expect(await byRevoked.closed).toEqual(closedUnauthorized(/API key was revoked/));
      await byToken.next(isDone(turn.assistantMessageId));
      expect(byRevoked.received.some(isDone(turn.assistantMessageId))).toBe(false);
      await stillOpen(byKept);
      await expect(connectLive(url, revoked.key)).rejects.toMatchObject({ status: 401 });
    });

    it("closes a service account's key socket when an administrator revokes the key", async () => {
      const service = (
        await h.t
          .http()
          .post('/api/users')
          .set(admin.auth)
          .send({ email: uniqueEmail('svc'), name: 'svc', isServiceAccount: true })
          .expect(201)
      ).body;
      const key = (await h.t.http().post(`/api/users/${service.id}/api-keys`).set(admin.auth).send({ name: 'svc-key' }).expect(201)).body;
      const client = await connect(key.key);
      await stillOpen(client);
      await h.t.http().delete(`/api/auth/api-keys/${key.id}`).set(admin.auth).expect(204);
      expect(await client.closed).toEqual(closedUnauthorized(/API key was revoked/));
    });

    it('closes the socket when its key or token expires, though the client sends nothing', async () => {
      const user = await registerUser(h.t, 'expiring');
      const key = await newKey(user);
      await h.t.prisma.apiKey.update({ where: { id: key.id }, data: { expiresAt: new Date(Date.now() + 1500) } });
      const now = Math.floor(Date.now() / 1000);
      const shortToken = craftJwt({ alg: 'HS256', typ: 'JWT' }, { sub: user.id, iat: now, exp: now + 2 }, h.t.config.jwt.secret);
      const [byKey, byToken, lasting] = [await connect(key.key), await connect(shortToken), await connect(user.token)];
      expect(await byKey.closed).toEqual(closedUnauthorized(/expired/));
      expect(await byToken.closed).toEqual(closedUnauthorized(/expired/));
      await stillOpen(lasting);
    });
  });

  describe('a right taken away', () => {
    it("drops a demoted administrator's subscription to another user's conversation with an error, keeps the socket and their own", async () => {
      const s = await createChatSetup(h);
      const demoted = await secondAdmin();
      const own = await createChatSetup(h, { isPublic: true });
      const theirs = await h.t.http().post('/api/conversations').set(demoted.auth).send({ assistantId: own.assistantId }).expect(201);
      const watcher = await connect(demoted.token);
      const ownerSocket = await connect(s.user.token);
      await subscribe(watcher, { conversationId: s.conversationId });
      await subscribe(watcher, { conversationId: theirs.body.id });
      await subscribe(ownerSocket, { conversationId: s.conversationId });

      await h.t.http().patch(`/api/users/${demoted.id}`).set(admin.auth).send({ role: 'member' }).expect(200);
      const dropped = await watcher.next((m) => m.type === 'error');
      expect(dropped).toMatchObject({ type: 'error', code: 'forbidden', target: { conversationId: s.conversationId } });
      await stillOpen(watcher);

      const turn = await sendMessage(h, s, { content: 'Not for the former admin' });
      await ownerSocket.next(isDone(turn.assistantMessageId));
      const mine = await sendMessage(h, { ...own, user: demoted, conversationId: theirs.body.id }, { content: 'Still mine' });
      await watcher.next(isDone(mine.assistantMessageId));
      expect(watcher.received.some(about(turn.assistantMessageId))).toBe(false);
      expect(JSON.stringify(watcher.received)).not.toContain('Not for the former admin');
    });

    it('checks the subscriptions again at the next message when the word of a role change was lost', async () => {
      const s = await createChatSetup(h);
      const demoted = await secondAdmin();
      const [watcher, ownerSocket] = [await connect(demoted.token), await connect(s.user.token)];
      for (const c of [watcher, ownerSocket]) await subscribe(c, { conversationId: s.conversationId });
      // As when another instance changed the role and its word did not arrive.
      await h.t.prisma.user.update({ where: { id: demoted.id }, data: { role: 'member' } });
      await stillOpen(watcher);
      expect(watcher.received.find((m) => m.type === 'error')).toMatchObject({ code: 'forbidden', target: { conversationId: s.conversationId } });
      const turn = await sendMessage(h, s, { content: 'After the demotion' });
      // Both sockets would get the answer in the same broadcast: once the owner has it, the watcher would too.
      await ownerSocket.next(isDone(turn.assistantMessageId));
      await stillOpen(watcher);
      expect(watcher.received.some(about(turn.assistantMessageId))).toBe(false);
    });

    it('drops the subscriptions to a deleted conversation, and to a deleted assistant and its documents', async () => {
      const s = await createChatSetup(h);
      const [owner, watchingAdmin] = [await connect(s.user.token), await connect(admin.token)];
      for (const c of [owner, watchingAdmin]) await subscribe(c, { conversationId: s.conversationId });
      await h.t.http().delete(`/api/conversations/${s.conversationId}`).set(s.user.auth).expect(204);
      for (const c of [owner, watchingAdmin]) {
        expect(await c.next((m) => m.type === 'error')).toMatchObject({ code: 'not_found', target: { conversationId: s.conversationId } });
      }

      const other = (await h.t.http().post('/api/conversations').set(s.user.auth).send({ assistantId: s.assistantId }).expect(201)).body.id;
      const upload = await uploadDocument(h, s, 'notes.txt', 'Some notes.');
      const targets = [{ conversationId: other }, { assistantId: s.assistantId }, { documentId: upload.document.id }];
      for (const target of targets) await subscribe(owner, target);
      const from = owner.received.length;
      await h.t.http().delete(`/api/assistants/${s.assistantId}`).set(s.user.auth).expect(204);
      for (const target of targets) await owner.next((m) => m.type === 'error' && JSON.stringify(m.target) === JSON.stringify(target), 15_000, from);
      await stillOpen(owner);
    });

    it('keeps what is still allowed when an assistant is made private: its owner and conversations keep their subscriptions', async () => {
      const s = await createChatSetup(h, { isPublic: true });
      const user = await registerUser(h.t, 'visitor');
      const visit = (await h.t.http().post('/api/conversations').set(user.auth).send({ assistantId: s.assistantId }).expect(201)).body.id;
      const [owner, visitor] = [await connect(s.user.token), await connect(user.token)];
      await subscribe(owner, { assistantId: s.assistantId });
      await subscribe(visitor, { conversationId: visit });
      await h.t.http().patch(`/api/assistants/${s.assistantId}`).set(s.user.auth).send({ isPublic: false }).expect(200);
      // The visitor may still read their conversation over REST, so the socket keeps it too.
      await h.t.http().get(`/api/conversations/${visit}`).set(user.auth).expect(200);
      for (const c of [owner, visitor]) await stillOpen(c);
      expect([...owner.received, ...visitor.received].filter((m) => m.type === 'error')).toEqual([]);
    });
  });

  describe('a session ended (POST /api/auth/logout)', () => {
    it('closes the sockets of every token issued so far, keeps API keys, and lets a fresh sign-in connect', async () => {
      const user = await registerUser(h.t, 'leaving');
      const second = (await h.t.http().post('/api/auth/login').send({ email: user.email, password: 'password-123' }).expect(200)).body.accessToken;
      const key = await newKey(user);
      const [first, other, byKey] = [await connect(user.token), await connect(second), await connect(key.key)];
      await h.t.http().post('/api/auth/logout').set(user.auth).expect(204);
      for (const c of [first, other]) expect(await c.closed).toEqual(closedUnauthorized(/sign in again/));
      await stillOpen(byKey);
      for (const token of [user.token, second]) await expect(connectLive(url, token)).rejects.toMatchObject({ status: 401 });
      const fresh = (await h.t.http().post('/api/auth/login').send({ email: user.email, password: 'password-123' }).expect(200)).body.accessToken;
      await stillOpen(await connect(fresh));
    });

    it("checks the token again at every message: one ended behind the socket's back cannot subscribe", async () => {
      const s = await createChatSetup(h);
      const client = await connect(s.user.token);
      await stillOpen(client);
      // As when another instance ended the sessions and its word did not arrive.
      await h.t.prisma.user.update({ where: { id: s.user.id }, data: { tokensValidAfter: new Date() } });
      client.send({ type: 'subscribe', conversationId: s.conversationId });
      expect(await client.closed).toEqual(closedUnauthorized(/sign in again/));
      expect(client.received.map((m) => m.type)).toEqual(['pong']);
    });
  });
});
