import { randomUUID } from 'node:crypto';
import { type NewToolCall, ToolCallStore, toToolCallView } from '@assistants/adapters';
import { type Database, openDatabase } from '@assistants/db';
import { sharedTestTarget } from '../support/test-database';

// The views of an answer's calls on its message are changed in the statement that changes a call:
// many calls of one answer changing at once (parallel calls finishing, a person approving) must all
// be there, each as toToolCallView shows its row.
describe('ToolCallStore on PostgreSQL', () => {
  let db: Database;
  let store: ToolCallStore;
  beforeAll(async () => {
    db = await openDatabase(sharedTestTarget());
    store = new ToolCallStore(db.sql);
  });
  afterAll(() => db?.close());

  async function answer(): Promise<{ messageId: string; taskId: string; assistantId: string }> {
    const [user, assistantId, conversation, messageId] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await db.sql.query(`INSERT INTO users (id, email, name, updated_at) VALUES ($1, $2, 'u', now())`, [user, `${user}@t.test`]);
    await db.sql.query(`INSERT INTO assistants (id, name, llm_model, owner_id, updated_at) VALUES ($1, 'a', 'm', $2, now())`, [assistantId, user]);
    await db.sql.query(`INSERT INTO conversations (id, assistant_id, user_id, title, updated_at) VALUES ($1, $2, $3, 't', now())`, [
      conversation,
      assistantId,
      user,
    ]);
    await db.sql.query(`INSERT INTO messages (id, conversation_id, role, content, status, updated_at) VALUES ($1, $2, 'assistant', '', 'streaming', now())`, [
      messageId,
      conversation,
    ]);
    return { messageId, taskId: `chat-${conversation}`, assistantId };
  }
  const call = (i: number, over: Partial<NewToolCall> = {}): NewToolCall => ({
    modelCallId: `call_${i}`,
    serverId: null,
    server: 'Everything',
    name: 'echo',
    builtin: null,
    arguments: `{"i":${i}}`,
    needsApproval: false,
    retryable: false,
    status: 'running',
    error: null,
    approvalDeadline: null,
    ...over,
  });
  const viewsOnMessage = async (messageId: string) =>
    (await db.sql.query<{ toolCalls: unknown[] }>(`SELECT tool_calls AS "toolCalls" FROM messages WHERE id = $1`, [messageId]))[0].toolCalls;

  it('keeps every change when the calls of one answer change at once', async () => {
    const turn = await answer();
    const calls = await store.recordRound(turn, 0, 'Let me check.', [
      ...Array.from({ length: 12 }, (_, i) => call(i)),
      ...Array.from({ length: 4 }, (_, i) =>
        call(12 + i, { needsApproval: true, status: 'awaiting_approval', approvalDeadline: new Date(Date.now() + 60_000) }),
      ),
    ]);
    expect(calls.map((c) => c.position)).toEqual([...Array(16).keys()]);
    expect(await store.recordRound(turn, 0, 'again', [call(99)])).toEqual(calls);

    await Promise.all([
      ...calls.slice(0, 12).map((c, i) => store.finish(c, { status: i % 2 ? 'failed' : 'done', result: `result ${i}`, durationMs: i })),
      ...calls.slice(12).map((c, i) => store.decide(c, { approve: i % 2 === 0, by: c.assistantId, reason: 'no' })),
    ]);
    const next = await store.recordRound(turn, 1, '', [call(100)]);

    const rows = await store.upTo(turn.messageId, 1);
    expect(rows.map((r) => r.status)).toEqual([
      ...calls.slice(0, 12).map((_, i) => (i % 2 ? 'failed' : 'done')),
      'running',
      'rejected',
      'running',
      'rejected',
      'running',
    ]);
    expect(await viewsOnMessage(turn.messageId)).toEqual(rows.map(toToolCallView));
    expect(next[0]).toMatchObject({ round: 1, position: 0, modelCallId: 'call_100' });
  });

  it('a decision that comes too late changes nothing; an expired call is rejected once', async () => {
    const turn = await answer();
    const [waiting] = await store.recordRound(turn, 0, '', [
      call(0, { needsApproval: true, status: 'awaiting_approval', approvalDeadline: new Date(Date.now() - 1) }),
    ]);
    expect(await store.decide(waiting, { approve: true, by: turn.assistantId })).toBeNull();
    expect(await store.expire(waiting)).toMatchObject({ status: 'rejected', error: 'Nobody approved the call in time.' });
    expect(await store.expire(waiting)).toBeNull();
    expect(await store.claim(waiting.id)).toBeNull();
    expect(await viewsOnMessage(turn.messageId)).toEqual([expect.objectContaining({ id: waiting.id, status: 'rejected', approvalDeadline: null })]);
  });
});
