import { USAGE_FIGURES_KEYS, USAGE_REPORT_VIEW_KEYS, USAGE_TOOL_KEYS, type ToolCallStatus } from '@assistants/common';
import { expectProblem, loginAdmin, registerUser, startTestApp, type TestApp, type TestUser } from '../support/api-app';
import { expectViewKeys } from '../support/view-keys';

/** Tool calls in the usage report, from tool_calls rows whose every figure is known, in May 2001 where no other test writes. */
describe('usage reports: tool calls', () => {
  let t: TestApp;
  let owner: TestUser;
  let other: TestUser;
  let admin: TestUser;
  let assistantA: string;
  let assistantB: string;

  const at = (iso: string) => new Date(`${iso}Z`);

  /** An answer in a conversation started through the API, for tool calls to belong to. */
  async function answer(user: TestUser, assistantId: string, time: string): Promise<string> {
    const conversationId = (await t.http().post('/api/conversations').set(user.auth).send({ assistantId }).expect(201)).body.id as string;
    const message = await t.prisma.message.create({ data: { conversationId, role: 'assistant', content: 'A', status: 'done', createdAt: at(time) } });
    return message.id;
  }

  /** Rows as the turn writes them: server and tool names, a status, a duration once it ran. */
  async function calls(
    messageId: string,
    assistantId: string,
    rows: [time: string, server: string, name: string, status: ToolCallStatus, ms: number | null][],
  ) {
    for (const [position, [time, server, name, status, ms]] of rows.entries()) {
      await t.prisma.$executeRaw`
        INSERT INTO tool_calls (id, message_id, task_id, assistant_id, round, position, model_call_id, server, name, arguments, needs_approval, retryable, status, duration_ms, created_at)
        VALUES (gen_random_uuid(), ${messageId}::uuid, ${`chat:${messageId}`}, ${assistantId}::uuid, 0, ${position}, ${`call_${position}`}, ${server}, ${name}, '{}',
                false, false, ${status}::"ToolCallStatus", ${ms}, ${at(time)})`;
    }
  }

  beforeAll(async () => {
    t = await startTestApp();
    [owner, other, admin] = await Promise.all([registerUser(t, 'tool-usage-owner'), registerUser(t, 'tool-usage-other'), loginAdmin(t)]);
    assistantA = (await t.http().post('/api/assistants').set(owner.auth).send({ name: 'A', isPublic: true }).expect(201)).body.id;
    assistantB = (await t.http().post('/api/assistants').set(other.auth).send({ name: 'B' }).expect(201)).body.id;
    await calls(await answer(owner, assistantA, '2001-05-01T10:00:00'), assistantA, [
      ['2001-05-01T10:00:01', 'kb', 'search', 'done', 100],
      ['2001-05-01T10:05:00', 'kb', 'search', 'done', 200],
      ['2001-05-01T10:10:00', 'kb', 'search', 'done', 300],
      ['2001-05-01T10:15:00', 'kb', 'search', 'failed', 400],
      ['2001-05-01T10:20:00', 'builtin', 'clock', 'done', 50],
      ['2001-05-01T11:00:00', 'kb', 'search', 'rejected', null],
      ['2001-05-01T11:10:00', 'unknown', 'made_up', 'failed', null],
      ['2001-05-01T11:20:00', 'kb', 'browse', 'done', 10],
      ['2001-05-01T11:30:00', 'kb', 'browse', 'done', 30],
    ]);
    await calls(await answer(owner, assistantA, '2001-05-03T09:00:00'), assistantA, [
      ['2001-05-03T09:00:01', 'kb', 'search', 'done', 1000],
      ['2001-05-03T09:00:02', 'builtin', 'clock', 'running', null],
    ]);
    // Just outside the range on either side; inside its week.
    await calls(await answer(owner, assistantA, '2001-04-30T23:00:00'), assistantA, [['2001-04-30T23:59:59.999', 'kb', 'search', 'done', 5]]);
    await calls(await answer(owner, assistantA, '2001-05-04T00:00:00'), assistantA, [['2001-05-04T00:00:00', 'kb', 'search', 'done', 99999]]);
    await calls(await answer(other, assistantB, '2001-05-02T08:00:00'), assistantB, [['2001-05-02T08:00:01', 'other', 'echo', 'done', 7]]);
  });
  afterAll(() => t.close());

  const counts = (report: { buckets: { start: string; toolCalls: number; failedToolCalls: number }[] }, slice: [number, number]) =>
    report.buckets.map((b) => [b.start.slice(...slice), b.toolCalls, b.failedToolCalls]);

  it("counts an assistant's tool calls per bucket and per tool, with percentiles of the calls that ran", async () => {
    const res = await t.http().get(`/api/assistants/${assistantA}/usage?from=2001-05-01&to=2001-05-03`).set(owner.auth).expect(200);
    expect(counts(res.body, [0, 10])).toEqual([
      ['2001-05-01', 9, 2],
      ['2001-05-02', 0, 0],
      ['2001-05-03', 2, 0],
    ]);
    expect(res.body.totals).toMatchObject({ toolCalls: 11, failedToolCalls: 2 });
    // Most called first; browse and clock tie on calls and go by name, not by server.
    // search ran 100, 200, 300, 400 and 1000 ms: p95 = 400 + 0.8 × 600. The rejected call never ran.
    expect(res.body.tools).toEqual([
      { server: 'kb', name: 'search', calls: 6, failed: 1, rejected: 1, p50Ms: 300, p95Ms: 880 },
      { server: 'kb', name: 'browse', calls: 2, failed: 0, rejected: 0, p50Ms: 20, p95Ms: 29 },
      { server: 'builtin', name: 'clock', calls: 2, failed: 0, rejected: 0, p50Ms: 50, p95Ms: 50 },
      { server: 'unknown', name: 'made_up', calls: 1, failed: 1, rejected: 0, p50Ms: null, p95Ms: null },
    ]);
    expectViewKeys(res.body, USAGE_REPORT_VIEW_KEYS, 'usage');
    expectViewKeys(res.body.totals, USAGE_FIGURES_KEYS, 'usage.totals');
    res.body.tools.forEach((tool: unknown, i: number) => expectViewKeys(tool, USAGE_TOOL_KEYS, `usage.tools[${i}]`));
  });

  it('buckets tool calls by hour and by ISO week, each bucket counted whole', async () => {
    const hours = (
      await t.http().get(`/api/assistants/${assistantA}/usage?from=2001-05-01T10:00:00Z&to=2001-05-01T11:59:00Z&bucket=hour`).set(owner.auth).expect(200)
    ).body;
    expect(counts(hours, [11, 16])).toEqual([
      ['10:00', 5, 1],
      ['11:00', 4, 1],
    ]);
    expect(hours.tools.map((tool: { name: string; calls: number }) => [tool.name, tool.calls])).toEqual([
      ['search', 5],
      ['browse', 2],
      ['clock', 1],
      ['made_up', 1],
    ]);
    // 1 May 2001 was a Tuesday: its week runs from Monday 30 April through Sunday 6 May.
    const weeks = (await t.http().get(`/api/assistants/${assistantA}/usage?from=2001-05-01&to=2001-05-03&bucket=week`).set(owner.auth).expect(200)).body;
    expect(counts(weeks, [0, 10])).toEqual([['2001-04-30', 13, 2]]);
    expect(weeks.tools[0]).toEqual({ server: 'kb', name: 'search', calls: 8, failed: 1, rejected: 1, p50Ms: 300, p95Ms: 70299.3 });
  });

  it('gives admins the tool calls of every assistant', async () => {
    const res = await t.http().get('/api/usage?from=2001-05-01&to=2001-05-03').set(admin.auth).expect(200);
    expect(counts(res.body, [0, 10])).toEqual([
      ['2001-05-01', 9, 2],
      ['2001-05-02', 1, 0],
      ['2001-05-03', 2, 0],
    ]);
    expect(res.body.totals).toMatchObject({ toolCalls: 12, failedToolCalls: 2 });
    expect(res.body.tools.map((tool: { server: string; name: string }) => `${tool.server}/${tool.name}`)).toEqual([
      'kb/search',
      'kb/browse',
      'builtin/clock',
      'other/echo',
      'unknown/made_up',
    ]);
    expect(res.body.tools[3]).toEqual({ server: 'other', name: 'echo', calls: 1, failed: 0, rejected: 0, p50Ms: 7, p95Ms: 7 });
    // The other owner's report holds their assistant's tool only.
    const theirs = (await t.http().get(`/api/assistants/${assistantB}/usage?from=2001-05-01&to=2001-05-03`).set(other.auth).expect(200)).body;
    expect(theirs.totals.toolCalls).toBe(1);
    expect(theirs.tools.map((tool: { name: string }) => tool.name)).toEqual(['echo']);
  });

  it("keeps an assistant's tool figures from other members, even when the assistant is public", async () => {
    expectProblem(await t.http().get(`/api/assistants/${assistantA}/usage?from=2001-05-01&to=2001-05-03`).set(other.auth), 403);
    expectProblem(await t.http().get(`/api/assistants/${assistantB}/usage?from=2001-05-01&to=2001-05-03`).set(owner.auth), 403);
    expectProblem(await t.http().get('/api/usage?from=2001-05-01&to=2001-05-03').set(other.auth), 403);
  });

  it('reports no tools, and zero calls, for a range without any', async () => {
    const res = await t.http().get(`/api/assistants/${assistantA}/usage?from=2001-06-01&to=2001-06-02`).set(owner.auth).expect(200);
    expect(res.body.tools).toEqual([]);
    expect(res.body.totals).toMatchObject({ messages: 0, toolCalls: 0, failedToolCalls: 0 });
    expect(counts(res.body, [0, 10])).toEqual([
      ['2001-06-01', 0, 0],
      ['2001-06-02', 0, 0],
    ]);
  });
});
