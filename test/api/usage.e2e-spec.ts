import { USAGE_BUCKET_KEYS, USAGE_FIGURES_KEYS, USAGE_LATENCY_KEYS, USAGE_RATINGS_KEYS, USAGE_REPORT_VIEW_KEYS, USAGE_TOKENS_KEYS } from '@assistants/common';
import { expectProblem, loginAdmin, registerUser, startTestApp, type TestApp, type TestUser } from '../support/api-app';
import { expectViewKeys } from '../support/view-keys';

/** Usage figures against conversations whose every message is known, in March 2001 where no other test writes. */
describe('usage reports', () => {
  let t: TestApp;
  let owner: TestUser;
  let other: TestUser;
  let admin: TestUser;
  let assistantA: string;
  let assistantB: string;

  const at = (iso: string) => new Date(`${iso}Z`);
  const zeros = {
    messages: 0,
    failedAnswers: 0,
    conversations: 0,
    tokens: { prompt: 0, completion: 0, total: 0 },
    latencyMs: { p50: null, p95: null },
    toolCalls: 0,
    failedToolCalls: 0,
  };
  const dist = (d: Partial<Record<1 | 2 | 3 | 4 | 5, number>>) => ({ 1: 0, 2: 0, 3: 0, 4: 0, 5: 0, ...d });

  async function conversation(user: TestUser, assistantId: string, createdAt: string): Promise<string> {
    const id = (await t.http().post('/api/conversations').set(user.auth).send({ assistantId }).expect(201)).body.id as string;
    await t.prisma.conversation.update({ where: { id }, data: { createdAt: at(createdAt) } });
    return id;
  }

  async function turn(conversationId: string, time: string, answer: { status?: 'done' | 'failed'; tokens?: [number, number]; ms?: number; rating?: number }) {
    await t.prisma.message.create({ data: { conversationId, role: 'user', content: 'Q', createdAt: at(`${time}:00`) } });
    await t.prisma.message.create({
      data: {
        conversationId,
        role: 'assistant',
        content: 'A',
        status: answer.status ?? 'done',
        createdAt: at(`${time}:01`),
        processingTimeMs: answer.ms ?? null,
        promptTokens: answer.tokens?.[0] ?? null,
        completionTokens: answer.tokens?.[1] ?? null,
        totalTokens: answer.tokens ? answer.tokens[0] + answer.tokens[1] : null,
        rating: answer.rating ?? null,
      },
    });
  }

  beforeAll(async () => {
    t = await startTestApp();
    [owner, other, admin] = await Promise.all([registerUser(t, 'usage-owner'), registerUser(t, 'usage-other'), loginAdmin(t)]);
    assistantA = (await t.http().post('/api/assistants').set(owner.auth).send({ name: 'A', isPublic: true }).expect(201)).body.id;
    assistantB = (await t.http().post('/api/assistants').set(other.auth).send({ name: 'B' }).expect(201)).body.id;
    const first = await conversation(owner, assistantA, '2001-03-01T10:00:00');
    await turn(first, '2001-03-01T10:00', { tokens: [100, 20], ms: 1000, rating: 5 });
    await turn(first, '2001-03-01T11:00', { tokens: [200, 30], ms: 3000, rating: 3 });
    await turn(first, '2001-03-01T12:00', { status: 'failed' });
    const second = await conversation(owner, assistantA, '2001-03-03T09:00:00');
    await turn(second, '2001-03-03T09:00', { tokens: [50, 10], ms: 2000, rating: 4 });
    await turn(second, '2001-03-04T00:00', { tokens: [1, 1], ms: 9999, rating: 1 }); // after the range
    const others = await conversation(other, assistantB, '2001-03-02T08:00:00');
    await turn(others, '2001-03-02T08:00', { tokens: [10, 5], ms: 500, rating: 1 });
  });
  afterAll(() => t.close());

  it("reports an assistant's day buckets, empty days as zeros, and the whole range", async () => {
    const res = await t.http().get(`/api/assistants/${assistantA}/usage?from=2001-03-01&to=2001-03-03`).set(owner.auth).expect(200);
    expect(res.body).toMatchObject({ assistantId: assistantA, bucket: 'day', from: '2001-03-01T00:00:00.000Z', to: '2001-03-04T00:00:00.000Z' });
    expect(res.body.buckets).toEqual([
      {
        start: '2001-03-01T00:00:00.000Z',
        messages: 6,
        failedAnswers: 1,
        conversations: 1,
        tokens: { prompt: 300, completion: 50, total: 350 },
        latencyMs: { p50: 2000, p95: 2900 },
        ratings: { count: 2, average: 4, distribution: dist({ 3: 1, 5: 1 }) },
        toolCalls: 0,
        failedToolCalls: 0,
      },
      { start: '2001-03-02T00:00:00.000Z', ...zeros, ratings: { count: 0, average: null, distribution: dist({}) } },
      {
        start: '2001-03-03T00:00:00.000Z',
        messages: 2,
        failedAnswers: 0,
        conversations: 1,
        tokens: { prompt: 50, completion: 10, total: 60 },
        latencyMs: { p50: 2000, p95: 2000 },
        ratings: { count: 1, average: 4, distribution: dist({ 4: 1 }) },
        toolCalls: 0,
        failedToolCalls: 0,
      },
    ]);
    expect(res.body.totals).toEqual({
      messages: 8,
      failedAnswers: 1,
      conversations: 2,
      tokens: { prompt: 350, completion: 60, total: 410 },
      latencyMs: { p50: 2000, p95: 2900 },
      ratings: { count: 3, average: 4, distribution: dist({ 3: 1, 4: 1, 5: 1 }) },
      toolCalls: 0,
      failedToolCalls: 0,
    });
    expect(res.body.tools).toEqual([]);
    // Exactly the view the web app imports from libs/common, nested parts included.
    expectViewKeys(res.body, USAGE_REPORT_VIEW_KEYS, 'usage');
    expectViewKeys(res.body.totals, USAGE_FIGURES_KEYS, 'usage.totals');
    res.body.buckets.forEach((b: unknown, i: number) => expectViewKeys(b, USAGE_BUCKET_KEYS, `usage.buckets[${i}]`));
    expectViewKeys(res.body.totals.tokens, USAGE_TOKENS_KEYS, 'usage.totals.tokens');
    expectViewKeys(res.body.totals.latencyMs, USAGE_LATENCY_KEYS, 'usage.totals.latencyMs');
    expectViewKeys(res.body.totals.ratings, USAGE_RATINGS_KEYS, 'usage.totals.ratings');
  });

  it('buckets by hour and by ISO week, each bucket counted whole', async () => {
    const hours = (
      await t.http().get(`/api/assistants/${assistantA}/usage?from=2001-03-01T10:30:00Z&to=2001-03-01T12:00:00Z&bucket=hour`).set(admin.auth).expect(200)
    ).body;
    expect(hours.buckets.map((b: { start: string; messages: number }) => [b.start.slice(11, 16), b.messages])).toEqual([
      ['10:00', 2],
      ['11:00', 2],
      ['12:00', 2],
    ]);
    const weeks = (await t.http().get(`/api/assistants/${assistantA}/usage?from=2001-03-01&to=2001-03-03&bucket=week`).set(owner.auth).expect(200)).body;
    // 1 March 2001 was a Thursday: its week starts on Monday 26 February and takes in the 4th.
    expect(weeks.buckets).toHaveLength(1);
    expect(weeks.buckets[0]).toMatchObject({
      start: '2001-02-26T00:00:00.000Z',
      messages: 10,
      conversations: 2,
      ratings: { count: 4, distribution: dist({ 1: 1, 3: 1, 4: 1, 5: 1 }) },
    });
  });

  it('gives admins the same figures over every assistant', async () => {
    const res = await t.http().get('/api/usage?from=2001-03-01&to=2001-03-03').set(admin.auth).expect(200);
    expect(res.body.assistantId).toBeNull();
    expect(res.body.buckets[1]).toMatchObject({
      messages: 2,
      conversations: 1,
      tokens: { total: 15 },
      latencyMs: { p50: 500, p95: 500 },
      ratings: { count: 1, average: 1 },
    });
    expect(res.body.totals).toMatchObject({ messages: 10, conversations: 3, ratings: { count: 4, average: 3.25 } });
    expectProblem(await t.http().get('/api/usage').set(owner.auth), 403);
    expectProblem(await t.http().get('/api/usage'), 401);
  });

  it("shows an assistant's usage to its owner and admins only, even when it is public", async () => {
    expectProblem(await t.http().get(`/api/assistants/${assistantA}/usage`).set(other.auth), 403);
    expectProblem(await t.http().get(`/api/assistants/${assistantA}/usage`), 401);
    expectProblem(await t.http().get('/api/assistants/00000000-0000-4000-8000-000000000000/usage').set(admin.auth), 404);
    await t.http().get(`/api/assistants/${assistantB}/usage`).set(admin.auth).expect(200);
  });

  it('defaults to the last 30 days by day and refuses bad ranges with 400 problems', async () => {
    const res = await t.http().get(`/api/assistants/${assistantA}/usage`).set(owner.auth).expect(200);
    expect(res.body.bucket).toBe('day');
    expect(res.body.buckets).toHaveLength(31);
    expect(res.body.totals.messages).toBe(0);
    const bad = [
      'from=2001-03-05&to=2001-03-01',
      'from=2000-01-01&to=2001-03-01',
      'from=2001-01-01&to=2001-03-01&bucket=hour',
      'from=yesterday',
      'to=2001-02-30',
      'bucket=month',
      'from=2001-W09',
    ];
    for (const query of bad) expectProblem(await t.http().get(`/api/assistants/${assistantA}/usage?${query}`).set(owner.auth), 400);
  });
});
