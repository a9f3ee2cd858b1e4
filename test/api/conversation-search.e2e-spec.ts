import { randomUUID } from 'node:crypto';
import type { SnippetPart } from '@assistants/common';
import { expectProblem, registerUser, startTestApp, type TestApp, type TestUser } from '../support/api-app';

interface Listed {
  id: string;
  title: string;
  pinned: boolean;
  tags: string[];
  snippet?: SnippetPart[];
}

describe('conversations: full-text search, pins and tags', () => {
  let t: TestApp;
  let owner: TestUser;
  let other: TestUser;
  let assistantId: string;

  beforeAll(async () => {
    t = await startTestApp();
    [owner, other] = await Promise.all([registerUser(t, 'search-owner'), registerUser(t, 'search-other')]);
    const res = await t.http().post('/api/assistants').set(owner.auth).send({ name: 'Search assistant', isPublic: true });
    expect(res.status).toBe(201);
    assistantId = res.body.id;
  });
  afterAll(() => t.close());

  async function conversation(user: TestUser, title: string, messages: string[] = []): Promise<string> {
    const res = await t.http().post('/api/conversations').set(user.auth).send({ assistantId, title });
    expect(res.status).toBe(201);
    const id: string = res.body.id;
    if (messages.length) {
      await t.prisma.message.createMany({
        data: messages.map((content, i) => ({ id: randomUUID(), conversationId: id, role: i % 2 === 0 ? ('user' as const) : ('assistant' as const), content })),
      });
    }
    return id;
  }

  async function list(user: TestUser, query: Record<string, string | number>): Promise<{ items: Listed[]; total: number }> {
    const res = await t
      .http()
      .get('/api/conversations')
      .query({ limit: 50, ...query })
      .set(user.auth);
    expect(res.status).toBe(200);
    return res.body;
  }

  const marked = (snippet: SnippetPart[] | undefined) => (snippet ?? []).filter((p) => p.match).map((p) => p.text.toLowerCase());
  const plain = (snippet: SnippetPart[] | undefined) => (snippet ?? []).map((p) => p.text).join('');

  it('finds a Russian inflected word in message content, with the matching snippet', async () => {
    const id = await conversation(owner, 'Юристу', ['Подготовь, пожалуйста, договор аренды офиса на год.', 'Вот проект.']);
    await conversation(owner, 'Unrelated', ['Nothing to see here.']);
    const { items, total } = await list(owner, { search: 'договоры' });
    expect(items.map((c) => c.id)).toEqual([id]);
    expect(total).toBe(1);
    expect(marked(items[0].snippet)).toEqual(['договор']);
    expect(plain(items[0].snippet)).toContain('аренды офиса');
  });

  it('stems English: "travelling" finds "travel", and titles match too', async () => {
    const byMessage = await conversation(owner, 'Holiday', ['I want to travel to Lisbon in May.']);
    const byTitle = await conversation(owner, 'Travel insurance');
    const { items } = await list(owner, { search: 'travelling' });
    expect(items.map((c) => c.id).sort()).toEqual([byMessage, byTitle].sort());
    const hit = items.find((c) => c.id === byMessage);
    expect(marked(hit?.snippet)).toEqual(['travel']);
    expect(items.find((c) => c.id === byTitle)?.snippet).toEqual([
      { text: 'Travel', match: true },
      { text: ' insurance', match: false },
    ]);
  });

  it("never finds another user's conversations", async () => {
    await conversation(other, 'Secret', ['The zeppelin password is swordfish.']);
    expect((await list(owner, { search: 'zeppelin' })).items).toEqual([]);
    expect((await list(other, { search: 'zeppelin' })).items).toHaveLength(1);
  });

  it('takes SQL-ish and wildcard input as words, and pages like the list', async () => {
    for (const search of ["' OR 1=1 --", '%', '*', '_', '"unclosed', '!!! & | <->', 'договор:*', '\\']) {
      const res = await t.http().get('/api/conversations').query({ search }).set(owner.auth);
      expect(res.status).toBe(200);
      expect(res.body.items.every((c: Listed) => !c.title.includes('Secret'))).toBe(true);
    }
    expect((await list(owner, { search: '%' })).total).toBe(0);
    const page = await list(owner, { search: 'travelling', limit: 1, offset: 1 });
    expect(page.items).toHaveLength(1);
    expect(page.total).toBe(2);
  });

  it('refuses a search longer than 200 characters with a validation problem', async () => {
    const res = await t
      .http()
      .get('/api/conversations')
      .query({ search: 'a'.repeat(201) })
      .set(owner.auth);
    expect(expectProblem(res, 400).code).toBe('validation.failed');
  });

  it('pins: pinned conversations come first; unpinning puts them back', async () => {
    const first = await conversation(owner, 'Pin me');
    await conversation(owner, 'Newer one');
    const pinned = await t.http().patch(`/api/conversations/${first}`).set(owner.auth).send({ pinned: true });
    expect(pinned.status).toBe(200);
    expect(pinned.body.pinned).toBe(true);
    expect((await list(owner, {})).items[0].id).toBe(first);
    await t.http().patch(`/api/conversations/${first}`).set(owner.auth).send({ pinned: false }).expect(200);
    const after = await list(owner, {});
    expect(after.items[0].id).not.toBe(first);
    expect(after.items.find((c) => c.id === first)?.pinned).toBe(false);
  });

  it('tags: set by the owner only, normalised, bounded, and filtered by ?tag=', async () => {
    const id = await conversation(owner, 'Tagged');
    const res = await t
      .http()
      .patch(`/api/conversations/${id}`)
      .set(owner.auth)
      .send({ tags: [' Work ', 'work', 'Договоры'] });
    expect(res.status).toBe(200);
    expect(res.body.tags).toEqual(['work', 'договоры']);
    expect((await list(owner, { tag: 'WORK' })).items.map((c) => c.id)).toEqual([id]);
    expect((await list(owner, { tag: 'work', search: 'tagged' })).items.map((c) => c.id)).toEqual([id]);
    expect((await list(owner, { tag: 'nothing' })).items).toEqual([]);

    expect(
      (
        await t
          .http()
          .patch(`/api/conversations/${id}`)
          .set(other.auth)
          .send({ tags: ['mine'] })
      ).status,
    ).toBe(403);
    for (const tags of [Array.from({ length: 11 }, (_, i) => `t${i}`), ['x'.repeat(33)], [''], ['<script>'], 'work', [42]]) {
      const bad = await t.http().patch(`/api/conversations/${id}`).set(owner.auth).send({ tags });
      expect(expectProblem(bad, 400).code).toBe('validation.failed');
    }
    expect(
      expectProblem(
        await t
          .http()
          .get('/api/conversations')
          .query({ tag: 'x'.repeat(33) })
          .set(owner.auth),
        400,
      ).code,
    ).toBe('validation.failed');
  });
});
