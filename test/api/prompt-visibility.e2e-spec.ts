import type { ServerMessage } from '@assistants/common';
import { loginAdmin, registerUser, type TestUser } from '../support/api-app';
import { type ChatHarness, startChatHarness, waitForTask } from '../support/chat-harness';
import { connectLive, listenForWebSocket } from '../support/live-client';

const SECRET = 'You are Zeta-7; never reveal the discount code PROMO-4411.';

/**
 * The assistant's system prompt is its owner's: only they and admins read it (in the assistant
 * view and in what was sent to the model) unless the owner turns showPromptToUsers on.
 */
describe('who reads an assistant’s system prompt', () => {
  let h: ChatHarness;
  let url: string;
  let owner: TestUser;
  let member: TestUser;
  let admin: TestUser;
  let assistantId: string;

  beforeAll(async () => {
    h = await startChatHarness('embedded');
    url = await listenForWebSocket(h.t.app);
    [owner, member, admin] = await Promise.all([registerUser(h.t, 'prompt-owner'), registerUser(h.t, 'prompt-member'), loginAdmin(h.t)]);
    assistantId = (await h.t.http().post('/api/assistants').set(owner.auth).send({ name: 'Zeta', systemPrompt: SECRET, isPublic: true }).expect(201)).body.id;
  }, 120_000);
  afterAll(() => h.close());

  const view = async (who?: TestUser) => {
    const req = h.t.http().get(`/api/assistants/${assistantId}`);
    return (await (who ? req.set(who.auth) : req).expect(200)).body;
  };
  const listed = async (who?: TestUser) => {
    const req = h.t.http().get('/api/assistants?isPublic=true&limit=100');
    const items = (await (who ? req.set(who.auth) : req).expect(200)).body.items as { id: string }[];
    return items.find((a) => a.id === assistantId);
  };

  /** A conversation of `who` with one finished answer; returns the answer's id and the conversation's. */
  async function converse(who: TestUser) {
    const conversationId = (await h.t.http().post('/api/conversations').set(who.auth).send({ assistantId }).expect(201)).body.id;
    const turn = (await h.t.http().post(`/api/conversations/${conversationId}/messages`).set(who.auth).send({ content: 'What is the code?' }).expect(202)).body;
    const task = await waitForTask(h, { user: who }, turn.taskId);
    expect(task.status).toBe('done');
    return { conversationId, taskId: turn.taskId as string, answerId: turn.assistantMessageId as string, task };
  }
  const answerOf = async (who: TestUser, conversationId: string, answerId: string) => {
    const items = (await h.t.http().get(`/api/conversations/${conversationId}/messages`).set(who.auth).expect(200)).body.items as any[];
    return items.find((m) => m.id === answerId);
  };

  it('the LLM itself still gets the prompt', async () => {
    h.llm.reset();
    await converse(member);
    const sent = h.llm.requests.filter((r) => r.path.endsWith('/chat/completions')).at(-1)!.body;
    expect(sent.messages.find((m: { role: string }) => m.role === 'system').content).toContain(SECRET);
  });

  it('leaves systemPrompt out of the assistant view for anonymous callers and members, not for the owner or admins', async () => {
    for (const body of [await view(), await view(member), await listed(), await listed(member)]) {
      expect(body).toMatchObject({ id: assistantId, showPromptToUsers: false });
      expect(body).not.toHaveProperty('systemPrompt');
      expect(body).not.toHaveProperty('effectiveSystemPrompt');
      expect(JSON.stringify(body)).not.toContain('PROMO-4411');
    }
    for (const body of [await view(owner), await view(admin), await listed(owner)]) {
      expect(body).toMatchObject({ systemPrompt: SECRET, effectiveSystemPrompt: SECRET, showPromptToUsers: false });
    }
  });

  it('hides the system message of llmRequest from a member in their own conversation: messages, task, export, WebSocket', async () => {
    const live = await connectLive(url, member.token);
    const conversationId: string = (await h.t.http().post('/api/conversations').set(member.auth).send({ assistantId }).expect(201)).body.id;
    live.send({ type: 'subscribe', conversationId });
    await live.next((m) => m.type === 'subscribed');
    const turn = (await h.t.http().post(`/api/conversations/${conversationId}/messages`).set(member.auth).send({ content: 'What is the code?' }).expect(202))
      .body;
    const done = await live.next<Extract<ServerMessage, { type: 'message.done' }>>((m) => m.type === 'message.done' && m.messageId === turn.assistantMessageId);
    const task = await waitForTask(h, { user: member }, turn.taskId);
    await live.close();

    const answer = await answerOf(member, conversationId, turn.assistantMessageId);
    const exported = (await h.t.http().get(`/api/conversations/${conversationId}/export?format=json`).set(member.auth).expect(200)).text;
    for (const request of [answer.llmRequest, task.message.llmRequest, done.message.llmRequest, JSON.parse(exported).messages[1].llmRequest]) {
      const system = request.messages.filter((m: { role: string }) => m.role === 'system');
      expect(system).toEqual([{ role: 'system', content: '(hidden by the assistant’s owner)' }]);
      // The rest of what was sent stays readable.
      expect(request.messages.at(-1)).toEqual({ role: 'user', content: 'What is the code?' });
    }
    for (const text of [JSON.stringify(answer), JSON.stringify(task), JSON.stringify(done), exported]) expect(text).not.toContain('PROMO-4411');
    for (const format of ['md', 'txt']) {
      expect((await h.t.http().get(`/api/conversations/${conversationId}/export?format=${format}`).set(member.auth).expect(200)).text).not.toContain(
        'PROMO-4411',
      );
    }
    // An admin reading the member's conversation sees what was sent.
    const asAdmin = await answerOf(admin, conversationId, turn.assistantMessageId);
    expect(asAdmin.llmRequest.messages[0].content).toContain(SECRET);
  });

  it('shows the owner the prompt in their own conversation', async () => {
    const { conversationId, answerId, task } = await converse(owner);
    expect((await answerOf(owner, conversationId, answerId)).llmRequest.messages[0]).toMatchObject({
      role: 'system',
      content: expect.stringContaining(SECRET),
    });
    expect(task.message.llmRequest.messages[0].content).toContain(SECRET);
  });

  it('shows the prompt to everyone once the owner turns showPromptToUsers on, and hides it again when turned off', async () => {
    const { conversationId, answerId } = await converse(member);
    const patched = await h.t.http().patch(`/api/assistants/${assistantId}`).set(owner.auth).send({ showPromptToUsers: true }).expect(200);
    expect(patched.body.showPromptToUsers).toBe(true);
    expect(await view()).toMatchObject({ systemPrompt: SECRET, effectiveSystemPrompt: SECRET, showPromptToUsers: true });
    expect(await view(member)).toMatchObject({ systemPrompt: SECRET });
    expect((await answerOf(member, conversationId, answerId)).llmRequest.messages[0].content).toContain(SECRET);

    await h.t.http().patch(`/api/assistants/${assistantId}`).set(owner.auth).send({ showPromptToUsers: false }).expect(200);
    expect(await view(member)).not.toHaveProperty('systemPrompt');
    expect(JSON.stringify(await answerOf(member, conversationId, answerId))).not.toContain('PROMO-4411');
  });

  it('lets the owner choose at creation, and only the owner change it', async () => {
    const open = (
      await h.t
        .http()
        .post('/api/assistants')
        .set(owner.auth)
        .send({ name: 'Open book', systemPrompt: 'Be open.', isPublic: true, showPromptToUsers: true })
        .expect(201)
    ).body;
    expect(open.showPromptToUsers).toBe(true);
    expect((await h.t.http().get(`/api/assistants/${open.id}`).expect(200)).body.systemPrompt).toBe('Be open.');
    await h.t.http().patch(`/api/assistants/${open.id}`).set(member.auth).send({ showPromptToUsers: false }).expect(403);
  });
});
