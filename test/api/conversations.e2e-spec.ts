import { randomUUID } from 'node:crypto';
import type request from 'supertest';
import { loadedEncodings } from '@assistants/domain';
import { expectProblem, loginAdmin, registerUser, startTestApp, type TestApp, type TestUser } from '../support/api-app';

interface ConversationBody {
  id: string;
  assistantId: string;
  userId: string;
  title: string;
  status: string;
  messageCount: number;
}

describe('conversations API', () => {
  let t: TestApp;
  let owner: TestUser;
  let other: TestUser;
  let admin: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    [owner, other, admin] = await Promise.all([registerUser(t, 'conv-owner'), registerUser(t, 'conv-other'), loginAdmin(t)]);
  });
  afterAll(() => t.close());

  async function createAssistant(user: TestUser, body: Record<string, unknown> = {}): Promise<{ id: string }> {
    const res = await t
      .http()
      .post('/api/assistants')
      .set(user.auth)
      .send({ name: 'Assistant', ...body });
    expect(res.status).toBe(201);
    return res.body;
  }

  async function createConversation(user: TestUser, assistantId: string, title?: string): Promise<ConversationBody> {
    const res = await t
      .http()
      .post('/api/conversations')
      .set(user.auth)
      .send({ assistantId, ...(title !== undefined && { title }) });
    expect(res.status).toBe(201);
    return res.body;
  }

  async function totalConversations(assistantId: string): Promise<number> {
    const res = await t.http().get(`/api/assistants/${assistantId}`).set(admin.auth).expect(200);
    return res.body.statistics.totalConversations;
  }

  async function listIds(user: TestUser, query: Record<string, string | number> = {}): Promise<string[]> {
    const res = await t
      .http()
      .get('/api/conversations')
      .query({ limit: 100, ...query })
      .set(user.auth);
    expect(res.status).toBe(200);
    return res.body.items.map((c: ConversationBody) => c.id);
  }

  describe('creating', () => {
    it('starts a conversation on an own assistant and counts it in the assistant statistics', async () => {
      const assistant = await createAssistant(owner);
      expect(await totalConversations(assistant.id)).toBe(0);

      const untitled = await createConversation(owner, assistant.id);
      expect(untitled).toMatchObject({
        assistantId: assistant.id,
        userId: owner.id,
        // Untitled: no English default stored; the web app shows its own placeholder.
        title: '',
        status: 'active',
        messageCount: 0,
        lastMessageAt: null,
      });
      expect(await totalConversations(assistant.id)).toBe(1);

      const titled = await createConversation(owner, assistant.id, '  Budget questions  ');
      expect(titled.title).toBe('Budget questions');
      expect(await totalConversations(assistant.id)).toBe(2);
    });

    it('answers 403 on another member’s private assistant, and counts nothing', async () => {
      const assistant = await createAssistant(owner);
      const res = await t.http().post('/api/conversations').set(other.auth).send({ assistantId: assistant.id });
      expectProblem(res, 403);
      expect(await totalConversations(assistant.id)).toBe(0);
    });

    it('starts a conversation on another member’s public assistant', async () => {
      const assistant = await createAssistant(owner, { isPublic: true });
      const conversation = await createConversation(other, assistant.id);
      expect(conversation).toMatchObject({ assistantId: assistant.id, userId: other.id });
      expect(await totalConversations(assistant.id)).toBe(1);
    });

    it('answers 404 for an assistant that does not exist', async () => {
      expectProblem(await t.http().post('/api/conversations').set(owner.auth).send({ assistantId: randomUUID() }), 404);
    });

    it('requires sign-in', async () => {
      const assistant = await createAssistant(owner, { isPublic: true });
      expectProblem(await t.http().post('/api/conversations').send({ assistantId: assistant.id }), 401);
    });
  });

  describe('listing, renaming, archiving', () => {
    let assistantA: { id: string };
    let assistantB: { id: string };
    let a1: ConversationBody;
    let a2: ConversationBody;
    let b1: ConversationBody;
    let othersOnA: ConversationBody;

    beforeAll(async () => {
      assistantA = await createAssistant(owner, { isPublic: true });
      assistantB = await createAssistant(owner);
      a1 = await createConversation(owner, assistantA.id, 'a1');
      a2 = await createConversation(owner, assistantA.id, 'a2');
      b1 = await createConversation(owner, assistantB.id, 'b1');
      othersOnA = await createConversation(other, assistantA.id, 'someone else’s');
    });

    it('lists only the caller’s own conversations', async () => {
      const mine = await listIds(owner);
      expect(mine).toEqual(expect.arrayContaining([a1.id, a2.id, b1.id]));
      expect(mine).not.toContain(othersOnA.id);
      const theirs = await listIds(other);
      expect(theirs).toContain(othersOnA.id);
      expect(theirs).not.toContain(a1.id);
    });

    it('filters by assistant', async () => {
      expect((await listIds(owner, { assistantId: assistantA.id })).sort()).toEqual([a1.id, a2.id].sort());
      expect(await listIds(owner, { assistantId: assistantB.id })).toEqual([b1.id]);
      const page = await t.http().get('/api/conversations').query({ assistantId: assistantA.id }).set(owner.auth).expect(200);
      expect(page.body).toMatchObject({ total: 2, limit: 20, offset: 0 });
    });

    it('paginates with limit and offset', async () => {
      const first = await t.http().get('/api/conversations').query({ assistantId: assistantA.id, limit: 1 }).set(owner.auth).expect(200);
      const second = await t.http().get('/api/conversations').query({ assistantId: assistantA.id, limit: 1, offset: 1 }).set(owner.auth).expect(200);
      expect(first.body).toMatchObject({ total: 2, limit: 1, offset: 0 });
      expect(second.body).toMatchObject({ total: 2, limit: 1, offset: 1 });
      const seen = [...first.body.items, ...second.body.items].map((c: ConversationBody) => c.id);
      expect(seen.sort()).toEqual([a1.id, a2.id].sort());
    });

    it('renames and archives with PATCH; archived ones list only with status=archived', async () => {
      const conversation = await createConversation(owner, assistantB.id);
      const renamed = await t.http().patch(`/api/conversations/${conversation.id}`).set(owner.auth).send({ title: '  Renamed  ' }).expect(200);
      expect(renamed.body).toMatchObject({ id: conversation.id, title: 'Renamed', status: 'active' });

      const archived = await t.http().patch(`/api/conversations/${conversation.id}`).set(owner.auth).send({ status: 'archived' }).expect(200);
      expect(archived.body).toMatchObject({ title: 'Renamed', status: 'archived' });
      expect(await listIds(owner)).not.toContain(conversation.id);
      expect(await listIds(owner, { status: 'archived' })).toContain(conversation.id);
      expect(await listIds(owner, { status: 'archived' })).not.toContain(b1.id);

      await t.http().patch(`/api/conversations/${conversation.id}`).set(owner.auth).send({ status: 'active' }).expect(200);
      expect(await listIds(owner)).toContain(conversation.id);
      expect(await listIds(owner, { status: 'archived' })).not.toContain(conversation.id);
    });

    it('rejects null for title or status instead of failing in the database', async () => {
      for (const field of ['title', 'status']) {
        const res = await t
          .http()
          .patch(`/api/conversations/${a1.id}`)
          .set(owner.auth)
          .send({ [field]: null });
        expect(expectProblem(res, 400).errors).toEqual([expect.objectContaining({ field })]);
      }
    });
  });

  describe('access and deletion', () => {
    let assistant: { id: string };
    beforeAll(async () => {
      assistant = await createAssistant(owner, { isPublic: true });
    });

    it('answers 403 when a member reads, changes or deletes another member’s conversation', async () => {
      const conversation = await createConversation(owner, assistant.id, 'private chat');
      expectProblem(await t.http().get(`/api/conversations/${conversation.id}`).set(other.auth), 403);
      expectProblem(await t.http().patch(`/api/conversations/${conversation.id}`).set(other.auth).send({ title: 'mine now' }), 403);
      expectProblem(await t.http().get(`/api/conversations/${conversation.id}/messages`).set(other.auth), 403);
      expectProblem(await t.http().post(`/api/conversations/${conversation.id}/clear`).set(other.auth), 403);
      expectProblem(await t.http().delete(`/api/conversations/${conversation.id}`).set(other.auth), 403);
      const unchanged = await t.http().get(`/api/conversations/${conversation.id}`).set(owner.auth).expect(200);
      expect(unchanged.body).toMatchObject({ title: 'private chat', status: 'active' });
    });

    it('lets an admin read another member’s conversation', async () => {
      const conversation = await createConversation(owner, assistant.id);
      const res = await t.http().get(`/api/conversations/${conversation.id}`).set(admin.auth).expect(200);
      expect(res.body).toMatchObject({ id: conversation.id, userId: owner.id });
    });

    it('deletes a conversation: 204, then 404 everywhere and gone from every list', async () => {
      const conversation = await createConversation(owner, assistant.id);
      await t.http().delete(`/api/conversations/${conversation.id}`).set(owner.auth).expect(204);

      expectProblem(await t.http().get(`/api/conversations/${conversation.id}`).set(owner.auth), 404);
      expectProblem(await t.http().get(`/api/conversations/${conversation.id}`).set(admin.auth), 404);
      expectProblem(await t.http().patch(`/api/conversations/${conversation.id}`).set(owner.auth).send({ status: 'active' }), 404);
      expectProblem(await t.http().get(`/api/conversations/${conversation.id}/messages`).set(owner.auth), 404);
      expectProblem(await t.http().delete(`/api/conversations/${conversation.id}`).set(owner.auth), 404);
      expect(await listIds(owner, { assistantId: assistant.id })).not.toContain(conversation.id);
      expect(await listIds(owner, { assistantId: assistant.id, status: 'archived' })).not.toContain(conversation.id);
    });

    it('answers 404 for an unknown conversation', async () => {
      expectProblem(await t.http().get(`/api/conversations/${randomUUID()}`).set(owner.auth), 404);
    });
  });

  describe('messages', () => {
    let assistant: { id: string };
    beforeAll(async () => {
      assistant = await createAssistant(owner);
    });

    /**
     * Inserts messages straight into the database: `at` are seconds after a
     * base time, and equal values share one created_at, so the id breaks the tie.
     */
    async function insertMessages(conversationId: string, at: number[]): Promise<string[]> {
      const base = Date.parse('2026-01-01T10:00:00.000Z');
      const rows = at.map((offset, i) => ({
        id: randomUUID(),
        conversationId,
        role: i % 2 === 0 ? ('user' as const) : ('assistant' as const),
        content: `message ${i}`,
        createdAt: new Date(base + offset * 1000),
      }));
      await t.prisma.message.createMany({ data: rows });
      await t.prisma.conversation.update({
        where: { id: conversationId },
        data: { messageCount: rows.length, lastMessageAt: rows[rows.length - 1].createdAt },
      });
      // The API's order: created_at, then id (PostgreSQL compares uuids like their lower-case hex text).
      return [...rows].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1)).map((r) => r.id);
    }

    /** Follows nextCursor to the end, returning the ids of every page. */
    async function collectPages(conversationId: string, query: Record<string, string | number>): Promise<string[][]> {
      const pages: string[][] = [];
      let cursor: string | null = null;
      do {
        const res: request.Response = await t
          .http()
          .get(`/api/conversations/${conversationId}/messages`)
          .query(cursor ? { ...query, cursor } : query)
          .set(owner.auth);
        expect(res.status).toBe(200);
        pages.push(res.body.items.map((m: { id: string }) => m.id));
        cursor = res.body.nextCursor;
        expect(pages.length).toBeLessThan(10);
      } while (cursor);
      return pages;
    }

    it('pages through messages oldest first with a cursor, breaking created_at ties by id', async () => {
      const conversation = await createConversation(owner, assistant.id);
      const expected = await insertMessages(conversation.id, [0, 0, 0, 5, 5, 9, 9]);

      const pages = await collectPages(conversation.id, { limit: 3, order: 'asc' });
      expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
      expect(pages.flat()).toEqual(expected);
    });

    it('pages through messages newest first with a cursor', async () => {
      const conversation = await createConversation(owner, assistant.id);
      const expected = await insertMessages(conversation.id, [3, 3, 1, 1, 1, 7, 2]);

      const pages = await collectPages(conversation.id, { limit: 3, order: 'desc' });
      expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
      expect(pages.flat()).toEqual([...expected].reverse());
    });

    it('orders oldest first by default and returns no cursor when everything fits', async () => {
      const conversation = await createConversation(owner, assistant.id);
      const expected = await insertMessages(conversation.id, [2, 1, 0]);
      const res = await t.http().get(`/api/conversations/${conversation.id}/messages`).set(owner.auth).expect(200);
      expect(res.body.items.map((m: { id: string }) => m.id)).toEqual(expected);
      expect(res.body.nextCursor).toBeNull();
      expect(res.body.items[0]).toMatchObject({
        conversationId: conversation.id,
        role: expect.any(String),
        content: expect.any(String),
        status: 'done',
        usage: null,
      });

      // A page that ends exactly at the last message has no next cursor either.
      const exact = await collectPages(conversation.id, { limit: 3 });
      expect(exact).toEqual([expected]);
    });

    it('returns an empty page for a conversation without messages', async () => {
      const conversation = await createConversation(owner, assistant.id);
      const res = await t.http().get(`/api/conversations/${conversation.id}/messages`).set(owner.auth).expect(200);
      expect(res.body).toEqual({ items: [], nextCursor: null });
    });

    it.each([
      ['garbage', 'not-a-cursor'],
      ['valid base64 of nonsense', Buffer.from('hello world').toString('base64url')],
      ['a non-uuid id', Buffer.from(`2026-01-01T10:00:00.000Z|${'-'.repeat(36)}`).toString('base64url')],
      ['a date PostgreSQL cannot store', Buffer.from(`-200000-01-01T00:00:00.000Z|${randomUUID()}`).toString('base64url')],
      ['a date in another format', Buffer.from(`1/2/2026|${randomUUID()}`).toString('base64url')],
      ['extra parts', Buffer.from(`2026-01-01T10:00:00.000Z|${randomUUID()}|x`).toString('base64url')],
    ])('answers 400 for a cursor this API did not issue: %s', async (_label, cursor) => {
      const conversation = await createConversation(owner, assistant.id);
      const res = await t.http().get(`/api/conversations/${conversation.id}/messages`).query({ cursor }).set(owner.auth);
      expect(expectProblem(res, 400).detail).toMatch(/cursor/);
    });

    it('clears a conversation: messages removed, counters reset', async () => {
      const conversation = await createConversation(owner, assistant.id);
      await insertMessages(conversation.id, [0, 1, 2, 3]);
      const before = await t.http().get(`/api/conversations/${conversation.id}`).set(owner.auth).expect(200);
      expect(before.body.messageCount).toBe(4);

      const cleared = await t.http().post(`/api/conversations/${conversation.id}/clear`).set(owner.auth).expect(200);
      expect(cleared.body).toMatchObject({ id: conversation.id, messageCount: 0, lastMessageAt: null, contextSummary: null, status: 'active' });
      const messages = await t.http().get(`/api/conversations/${conversation.id}/messages`).set(owner.auth).expect(200);
      expect(messages.body).toEqual({ items: [], nextCursor: null });
      expect(await t.prisma.message.count({ where: { conversationId: conversation.id } })).toBe(0);
    });
  });

  describe('the longest messages', () => {
    // 32,000 characters is the most a message may have (emoji count one each). A run of one letter
    // is one token piece, which BPE took minutes over on the request thread: health checks timed out.
    it.each([
      ['x', 'x'.repeat(32_000)],
      ['Cyrillic letters', 'ж'.repeat(32_000)],
      ['emoji', '😀'.repeat(32_000)],
    ])(
      'answers a message of 32,000 %s while health checks keep answering',
      async (_, content) => {
        const assistant = await createAssistant(owner);
        const conversation = await createConversation(owner, assistant.id);
        const sent = await t.http().post(`/api/conversations/${conversation.id}/messages`).set(owner.auth).send({ content }).expect(202);
        let status = 'queued';
        let healthChecks = 0;
        for (const deadline = Date.now() + 60_000; !['done', 'failed', 'cancelled'].includes(status);) {
          // A generous bound that a blocked request thread (minutes) still misses.
          await t.http().get('/api/health').timeout(10_000).expect(200);
          healthChecks++;
          status = (await t.http().get(`/api/tasks/${sent.body.taskId}`).set(owner.auth).expect(200)).body.status;
          if (Date.now() > deadline) throw new Error(`turn still ${status} after 60 s`);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        expect(status).toBe('done');
        expect(healthChecks).toBeGreaterThan(0);
        const messages = (await t.http().get(`/api/conversations/${conversation.id}/messages`).set(owner.auth).expect(200)).body.items;
        expect(messages.map((m: { role: string; status: string }) => [m.role, m.status])).toEqual([
          ['user', 'done'],
          ['assistant', 'done'],
        ]);
        expect(messages[0].content).toBe(content);
        expect(messages[1].usage.promptTokens).toBeGreaterThan(0);
        // Prompt and usage were counted in the CPU pool's threads: this thread never even loaded the tokenizer.
        expect(loadedEncodings()).toEqual([]);
      },
      120_000,
    );
  });
});
