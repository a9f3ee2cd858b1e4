import { type ChatHarness, startChatHarness, waitForTask } from '../support/chat-harness';
import { expectProblem, registerUser, type TestUser } from '../support/api-app';

/**
 * Templates without traps (an empty variable never reaches the model; "no template" can be chosen
 * when there is a default; values stay with the conversation), settings saved as typed (null means
 * the default, never 0), and statistics that count what exists now in every end state.
 */
describe('chat settings: templates, defaults, statistics', () => {
  let h: ChatHarness;
  let owner: TestUser;
  let member: TestUser;

  beforeAll(async () => {
    h = await startChatHarness('embedded');
    [owner, member] = await Promise.all([registerUser(h.t, 'set-owner'), registerUser(h.t, 'set-member')]);
  }, 120_000);
  afterAll(() => h.close());

  const http = () => h.t.http();
  const assistant = async (body: Record<string, unknown> = {}) =>
    (
      await http()
        .post('/api/assistants')
        .set(owner.auth)
        .send({ name: 'Office', isPublic: true, enableSearch: false, ...body })
        .expect(201)
    ).body;
  const conversation = async (assistantId: string, who = member) =>
    (await http().post('/api/conversations').set(who.auth).send({ assistantId }).expect(201)).body.id as string;
  const send = (conversationId: string, body: Record<string, unknown>, who = member) =>
    http()
      .post(`/api/conversations/${conversationId}/messages`)
      .set(who.auth)
      .send({ content: 'Where do I park?', ...body });
  const lastPrompt = () => {
    const sent = h.llm.requests.filter((r) => r.path.endsWith('/chat/completions')).at(-1)!.body;
    return (sent.messages as { content: string }[]).map((m) => m.content).join('\n');
  };

  async function withDefaultTemplate() {
    const { id: assistantId } = await assistant();
    const template = (
      await http()
        .post('/api/templates')
        .set(owner.auth)
        .send({ name: 'Office', promptText: 'I work at {{office}} in {{city}}. {{question}}', isPublic: true })
        .expect(201)
    ).body.id as string;
    await http()
      .put(`/api/assistants/${assistantId}/templates/${template}`)
      .set(owner.auth)
      .expect((res) => expect(res.status).toBeLessThan(300));
    await http().put(`/api/assistants/${assistantId}/default-template`).set(owner.auth).send({ templateId: template }).expect(200);
    return { assistantId, template };
  }

  describe('templates', () => {
    it('refuses a message whose default template has empty or blank variables, naming them, and sends nothing to the model', async () => {
      const { assistantId } = await withDefaultTemplate();
      const id = await conversation(assistantId);
      h.llm.reset();
      const none = expectProblem(await send(id, {}), 400);
      expect(none).toMatchObject({ code: 'template.unfilled_variables', params: { names: 'office, city', count: 2, template: 'Office' } });
      const blank = expectProblem(await send(id, { variables: { office: 'HQ', city: '  ' } }), 400);
      expect(blank).toMatchObject({ code: 'template.unfilled_variables', params: { names: 'city', count: 1 } });
      expect(h.llm.requests).toEqual([]);
      // Nothing was stored or counted.
      const view = (await http().get(`/api/conversations/${id}`).set(member.auth).expect(200)).body;
      expect(view).toMatchObject({ messageCount: 0, templateVariables: {} });
    });

    it('the preview lists blank variables as missing too', async () => {
      const { template } = await withDefaultTemplate();
      const res = await http()
        .post(`/api/templates/${template}/render`)
        .set(member.auth)
        .send({ variables: { office: 'HQ', city: ' ' } });
      expect(res.status).toBeLessThan(300);
      expect(res.body.missing).toEqual(['city', 'question']);
    });

    it('keeps the values with the conversation: the next message needs none, and the model gets them filled in', async () => {
      const { assistantId } = await withDefaultTemplate();
      const id = await conversation(assistantId);
      const first = await send(id, { variables: { office: 'HQ', city: 'Riga' } }).expect(202);
      await waitForTask(h, { user: member }, first.body.taskId);
      expect(lastPrompt()).toContain('I work at HQ in Riga.');
      expect((await http().get(`/api/conversations/${id}`).set(member.auth).expect(200)).body.templateVariables).toEqual({ office: 'HQ', city: 'Riga' });

      h.llm.reset();
      const second = await send(id, { content: 'And lunch?' }).expect(202);
      await waitForTask(h, { user: member }, second.body.taskId);
      expect(lastPrompt()).toContain('I work at HQ in Riga. And lunch?');
      expect(lastPrompt()).not.toContain('{{');

      // Values sent replace the kept ones; a blank one is refused, not stored.
      expectProblem(await send(id, { variables: { city: '' } }), 400);
      expect((await http().get(`/api/conversations/${id}`).set(member.auth).expect(200)).body.templateVariables).toEqual({ office: 'HQ', city: 'Riga' });
    });

    it('templateId null sends without the default template', async () => {
      const { assistantId } = await withDefaultTemplate();
      const id = await conversation(assistantId);
      h.llm.reset();
      const accepted = await send(id, { templateId: null }).expect(202);
      const task = await waitForTask(h, { user: member }, accepted.body.taskId);
      expect(task.status).toBe('done');
      expect(lastPrompt()).not.toContain('I work at');
    });
  });

  describe('settings', () => {
    it('null temperature, maxTokens and searchLimit mean the default, shown in the view; never 0', async () => {
      const { id } = await assistant({ temperature: 1.5, maxTokens: 300, searchLimit: 9 });
      const res = await http().patch(`/api/assistants/${id}`).set(owner.auth).send({ temperature: null, maxTokens: null, searchLimit: null }).expect(200);
      expect(res.body).toMatchObject({ temperature: 0.7, maxTokens: 1024, searchLimit: 5 });
      const created = await assistant({ temperature: null, maxTokens: null, searchLimit: null });
      expect(created).toMatchObject({ temperature: 0.7, maxTokens: 1024, searchLimit: 5 });
      // 0 is still refused where it is out of range, and left-out fields keep their value.
      expectProblem(await http().patch(`/api/assistants/${id}`).set(owner.auth).send({ maxTokens: 0 }), 400);
      const kept = await http().patch(`/api/assistants/${id}`).set(owner.auth).send({ temperature: 0 }).expect(200);
      expect(kept.body).toMatchObject({ temperature: 0, maxTokens: 1024 });
    });
  });

  describe('statistics count what exists now', () => {
    const stats = async (assistantId: string) => (await http().get(`/api/assistants/${assistantId}`).set(owner.auth).expect(200)).body.statistics;
    const listed = async (assistantId: string) =>
      (await http().get('/api/assistants').query({ mine: true, limit: 100 }).set(owner.auth).expect(200)).body.items.find(
        (a: { id: string }) => a.id === assistantId,
      ).statistics;

    it('after send, clear, archive and delete, in the assistant and in the catalogue', async () => {
      const { id: assistantId } = await assistant();
      const chat = async () => {
        const id = await conversation(assistantId);
        const accepted = await send(id, {}).expect(202);
        await waitForTask(h, { user: member }, accepted.body.taskId);
        return id;
      };
      const [a, b] = [await chat(), await chat()];
      expect(await stats(assistantId)).toMatchObject({ totalConversations: 2, totalMessages: 4 });
      expect(await listed(assistantId)).toMatchObject({ totalConversations: 2, totalMessages: 4 });

      await http()
        .post(`/api/conversations/${a}/clear`)
        .set(member.auth)
        .expect((res) => expect(res.status).toBeLessThan(300));
      expect(await stats(assistantId)).toMatchObject({ totalConversations: 2, totalMessages: 2 });

      await http().patch(`/api/conversations/${b}`).set(member.auth).send({ status: 'archived' }).expect(200);
      expect(await stats(assistantId)).toMatchObject({ totalConversations: 2, totalMessages: 2 });
      await http().patch(`/api/conversations/${b}`).set(member.auth).send({ status: 'active' }).expect(200);

      await http().delete(`/api/conversations/${b}`).set(member.auth).expect(204);
      expect(await stats(assistantId)).toMatchObject({ totalConversations: 1, totalMessages: 0 });
      expect(await listed(assistantId)).toMatchObject({ totalConversations: 1, totalMessages: 0 });
      // Deleting again changes nothing (404, counted out once).
      await http().delete(`/api/conversations/${b}`).set(member.auth).expect(404);
      await http().delete(`/api/conversations/${a}`).set(member.auth).expect(204);
      expect(await stats(assistantId)).toMatchObject({ totalConversations: 0, totalMessages: 0 });
    });
  });
});
