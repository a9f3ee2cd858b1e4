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

  it('pages a search with many matches as the list: limit (20 by default, at most 100) and offset, with the total', async () => {
    const many = 105;
    const titled = Array.from({ length: many }, (_, i) => ({ id: randomUUID(), assistantId, userId: owner.id, title: `Quarterly ledger ${i}` }));
    await t.prisma.conversation.createMany({ data: titled });
    const page = (query: Record<string, string | number>) => t.http().get('/api/conversations').query(query).set(owner.auth);

    const first = await page({ search: 'ledgers' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ total: many, limit: 20, offset: 0 });
    expect(first.body.items).toHaveLength(20);
    const largest = await page({ search: 'ledgers', limit: 100 });
    expect(largest.body.items).toHaveLength(100);
    expect(largest.body.total).toBe(many);
    // The rest is one offset away, in the same order, with nothing seen twice or left out.
    const rest = await page({ search: 'ledgers', limit: 100, offset: 100 });
    expect(rest.body.items).toHaveLength(many - 100);
    const seen = [...largest.body.items, ...rest.body.items].map((c: Listed) => c.id);
    expect(new Set(seen)).toEqual(new Set(titled.map((c) => c.id)));
    expect((await page({ search: 'ledgers', limit: 100, offset: many })).body).toMatchObject({ items: [], total: many });

    const badPages: Record<string, string | number>[] = [{ limit: 101 }, { limit: 0 }, { offset: -1 }, { limit: 'all' }];
    for (const query of badPages) {
      const bad = expectProblem(await page({ search: 'ledgers', ...query }), 400);
      expect(bad.code).toBe('validation.failed');
    }
  });

  it('refuses a search longer than 200 characters (even 10,000) with validation.too_long', async () => {
    // (10,000 characters fit Node's 16 KB request head when ASCII; far longer URLs get Node's own 431 before the API.)
    for (const search of ['a'.repeat(201), 'travel '.repeat(1_430), 'a'.repeat(10_000), '😀'.repeat(201), 'договор'.repeat(30)]) {
      const res = await t.http().get('/api/conversations').query({ search }).set(owner.auth);
      const problem = expectProblem(res, 400);
      expect(problem.code).toBe('validation.failed');
      expect(problem.errors).toEqual([
        expect.objectContaining({ field: 'search', code: 'validation.too_long', params: expect.objectContaining({ max: 200 }) }),
      ]);
    }
  });

  it('answers odd input with results or nothing, never an error: quotes, stop-words, operators, negations, emoji', async () => {
    const odd = ['"', '""', '"travel', "it's", 'the', 'the and of', '-', '--', 'OR', 'or or', '-travel', '-travel -lisbon', '<->', '😀', '🚀 travel', '\u200b'];
    for (const search of [...odd, 'x'.repeat(200), 'travel OR '.repeat(20)]) {
      const res = await t.http().get('/api/conversations').query({ search }).set(owner.auth);
      expect({ search, status: res.status }).toEqual({ search, status: 200 });
      expect(res.body).toMatchObject({ items: expect.any(Array), total: expect.any(Number) });
    }
    // Only stop-words or only negations match nothing rather than everything.
    for (const search of ['the and of', '-travel', 'OR', '-']) expect((await list(owner, { search })).total).toBe(0);
    // A negation beside a word narrows it: the Lisbon conversation goes, the insurance one stays.
    expect((await list(owner, { search: 'travel -lisbon' })).items.map((c) => c.title)).toEqual(['Travel insurance']);
    expect((await list(owner, { search: '"travel insurance"' })).items.map((c) => c.title)).toEqual(['Travel insurance']);
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
