import { expectProblem } from '../support/api-app';
import { type ChatHarness, type ChatSetup, createChatSetup, sendMessage, startChatHarness, waitForTask } from '../support/chat-harness';

interface Listed {
  id: string;
  role: string;
  content: string;
  status: string;
  parentId: string | null;
  replyToId: string | null;
  versions: string[];
}

/**
 * Regenerate, edit and resend, and versions, end to end through HTTP: each new answer is a turn of
 * its own; the message list, the prompt, exports and cursors follow the chosen branch. The same
 * scenarios run on the embedded runner and on Temporal with our worker.
 */
export function answersScenarios(runner: 'embedded' | 'temporal'): void {
  describe(`answers: regenerate, edit, versions (${runner} runner)`, () => {
    let h: ChatHarness;
    // A long history and no summary, so each prompt shows the whole branch.
    beforeAll(async () => {
      h = await startChatHarness(runner, { CHAT_HISTORY_MESSAGES: '40', CHAT_SUMMARY_AFTER: '1000', LOG_LEVEL: process.env.ANSWERS_LOG ?? 'silent' });
    }, 120_000);
    afterAll(() => h?.close());
    beforeEach(() => h.llm.reset());

    const prompts = () => h.llm.requests.filter((r) => r.path.endsWith('/chat/completions')).map((r) => r.body.messages as { role: string; content: string }[]);
    const list = async (s: ChatSetup, query = 'limit=200') =>
      (await h.t.http().get(`/api/conversations/${s.conversationId}/messages?${query}`).set(s.user.auth).expect(200)).body as {
        items: Listed[];
        nextCursor: string | null;
      };
    const contents = async (s: ChatSetup) => (await list(s)).items.map((m) => m.content);
    const ask = async (s: ChatSetup, content: string, extra: Record<string, unknown> = {}) => {
      const turn = await sendMessage(h, s, { content, ...extra });
      expect((await waitForTask(h, s, turn.taskId)).status).toBe('done');
      return turn;
    };
    const regenerate = async (s: ChatSetup, answerId: string) => {
      const res = await h.t.http().post(`/api/conversations/${s.conversationId}/messages/${answerId}/regenerate`).set(s.user.auth).send({});
      expect(res.status).toBe(202);
      return res.body as { taskId: string; assistantMessageId: string; userMessage: Listed };
    };
    const choose = (s: ChatSetup, messageId: string) => h.t.http().put(`/api/conversations/${s.conversationId}/branch`).set(s.user.auth).send({ messageId });

    it('regenerates an answer as a turn of its own, from the same history, keeping the earlier answer as a version', async () => {
      const s = await createChatSetup(h);
      h.llm.script({ kind: 'reply', text: 'Paris.' }, { kind: 'reply', text: 'First take.' });
      const first = await ask(s, 'Capital of France?');
      const second = await ask(s, 'And of Italy?');
      h.llm.reset();
      h.llm.script({ kind: 'reply', text: 'Second take: Rome.' });

      const again = await regenerate(s, second.assistantMessageId);
      expect(again.taskId).toBe(`chat-${s.conversationId}-${again.assistantMessageId}`);
      expect(again.userMessage.id).toBe(second.userMessage.id);
      const task = await waitForTask(h, s, again.taskId);
      expect(task).toMatchObject({ status: 'done', runner, message: { content: 'Second take: Rome.' } });
      // The prompt: the history before the question, and the question; not the answer replaced.
      const sent = prompts()[0].filter((m) => m.role !== 'system');
      expect(sent.map((m) => m.content)).toEqual(['Capital of France?', 'Paris.', 'And of Italy?']);

      const { items } = await list(s);
      expect(items.map((m) => m.content)).toEqual(['Capital of France?', 'Paris.', 'And of Italy?', 'Second take: Rome.']);
      expect(items[3]).toMatchObject({ id: again.assistantMessageId, parentId: second.userMessage.id, replyToId: second.userMessage.id });
      expect(items[3].versions).toEqual([second.assistantMessageId, again.assistantMessageId]);
      expect(items[1].versions).toEqual([first.assistantMessageId]);
      // The live events of the new answer carry its own turn.
      expect(h.events.some((e) => e.type === 'message.snapshot' && e.messageId === again.assistantMessageId && e.taskId === again.taskId)).toBe(true);

      // Paging back to the first version; ratings work on either.
      expect((await choose(s, second.assistantMessageId)).status).toBe(204);
      expect(await contents(s)).toEqual(['Capital of France?', 'Paris.', 'And of Italy?', 'First take.']);
      await h.t.http().put(`/api/messages/${again.assistantMessageId}/rating`).set(s.user.auth).send({ rating: 5 }).expect(200);
      await h.t.http().put(`/api/messages/${second.assistantMessageId}/rating`).set(s.user.auth).send({ rating: 2 }).expect(200);
      expect((await list(s)).items[3]).toMatchObject({ id: second.assistantMessageId, versions: [second.assistantMessageId, again.assistantMessageId] });

      // A new question follows the version shown.
      h.llm.reset();
      await ask(s, 'Thanks');
      expect(
        prompts()[0]
          .filter((m) => m.role !== 'system')
          .map((m) => m.content),
      ).toEqual(['Capital of France?', 'Paris.', 'And of Italy?', 'First take.', 'Thanks']);
    });

    it('edits and resends a question: the conversation branches, the list, prompt, cursor and export follow the chosen branch', async () => {
      const s = await createChatSetup(h);
      const q1 = await ask(s, 'Question one');
      const q2 = await ask(s, 'Question two');
      h.llm.reset();
      const edited = await ask(s, 'Question one, better', { editOf: q1.userMessage.id });
      expect(edited.userMessage).toMatchObject({ parentId: null, versions: [q1.userMessage.id, edited.userMessage.id] });
      // The edited question starts afresh: nothing of the old branch in its prompt.
      expect(
        prompts()[0]
          .filter((m) => m.role !== 'system')
          .map((m) => m.content),
      ).toEqual(['Question one, better']);
      expect(await contents(s)).toEqual(['Question one, better', 'Answer to: Question one, better']);

      h.llm.reset();
      await ask(s, 'Follow-up');
      expect(
        prompts()[0]
          .filter((m) => m.role !== 'system')
          .map((m) => m.content),
      ).toEqual(['Question one, better', 'Answer to: Question one, better', 'Follow-up']);

      // Back to the first version of the first question: its whole continuation comes back.
      await choose(s, q1.userMessage.id).expect(204);
      const back = await list(s);
      expect(back.items.map((m) => m.content)).toEqual(['Question one', 'Answer to: Question one', 'Question two', 'Answer to: Question two']);
      expect(back.items[0].versions).toEqual([q1.userMessage.id, edited.userMessage.id]);
      expect(back.items[2].id).toBe(q2.userMessage.id);

      // Cursor pages walk the same branch, both ways.
      for (const order of ['asc', 'desc']) {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const page = await list(s, `limit=1&order=${order}${cursor ? `&cursor=${cursor}` : ''}`);
          seen.push(...page.items.map((m) => m.content));
          cursor = page.nextCursor;
        } while (cursor);
        expect(order === 'asc' ? seen : seen.reverse()).toEqual(back.items.map((m) => m.content));
      }

      // The export is the branch shown.
      const exported = await h.t.http().get(`/api/conversations/${s.conversationId}/export?format=json`).set(s.user.auth).expect(200);
      const body = typeof exported.body === 'object' && exported.body.messages ? exported.body : JSON.parse(exported.text);
      expect(body.messages.map((m: { content: string }) => m.content)).toEqual(back.items.map((m) => m.content));

      // And the edited branch again, with its follow-up (the newest continuation).
      await choose(s, edited.userMessage.id).expect(204);
      expect(await contents(s)).toEqual(['Question one, better', 'Answer to: Question one, better', 'Follow-up', 'Answer to: Follow-up']);
    });

    it('refuses what cannot be regenerated, edited or chosen with a coded 4xx', async () => {
      const s = await createChatSetup(h);
      const other = await createChatSetup(h);
      const turn = await ask(s, 'Hello');
      const elsewhere = await ask(other, 'Elsewhere');
      const code = (res: { status: number; body: { code: string } }, status: number) => {
        expectProblem(res as never, status);
        return res.body.code;
      };
      const post = (path: string, body: object = {}) => h.t.http().post(`/api/conversations/${s.conversationId}/${path}`).set(s.user.auth).send(body);
      expect(code(await post(`messages/${turn.userMessage.id}/regenerate`), 400)).toBe('answers.not_an_answer');
      expect(code(await post(`messages/${elsewhere.assistantMessageId}/regenerate`), 400)).toBe('answers.not_an_answer');
      expect(code(await post('messages', { content: 'x', editOf: turn.assistantMessageId }), 400)).toBe('answers.not_a_question');
      expect(code(await choose(s, elsewhere.userMessage.id), 400)).toBe('answers.not_a_message');
      expect((await choose(s, 'not-a-uuid')).status).toBe(400);
      // Someone else's conversation stays invisible.
      const res = await h.t.http().post(`/api/conversations/${s.conversationId}/messages/${turn.assistantMessageId}/regenerate`).set(other.user.auth).send({});
      expect([403, 404]).toContain(res.status);

      // An answer still being written is not regenerated; a question off the branch shown is not edited.
      h.llm.script({ kind: 'hang' });
      const hanging = await regenerate(s, turn.assistantMessageId);
      expect(code(await post(`messages/${hanging.assistantMessageId}/regenerate`), 409)).toBe('answers.still_writing');
      await h.t.http().post(`/api/tasks/${hanging.taskId}/cancel`).set(s.user.auth).send({});
      expect((await waitForTask(h, s, hanging.taskId)).status).toBe('cancelled');
      const edited = await ask(s, 'Hello again', { editOf: turn.userMessage.id });
      expect(code(await post('messages', { content: 'x', editOf: turn.userMessage.id }), 409)).toBe('answers.not_on_branch');
      expect((edited.userMessage as Listed).versions).toHaveLength(2);
    });
  });
}
