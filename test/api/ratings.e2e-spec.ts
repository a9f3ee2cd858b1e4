import { waitForTask } from '../support/chat-harness';
import { expectProblem, loginAdmin, registerUser, startTestApp, type TestApp, type TestUser } from '../support/api-app';

describe('ratings of answers', () => {
  let t: TestApp;
  let owner: TestUser;
  let other: TestUser;
  let admin: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    [owner, other, admin] = await Promise.all([registerUser(t, 'rater'), registerUser(t, 'rate-other'), loginAdmin(t)]);
  });
  afterAll(() => t.close());

  /** An assistant, a template and a conversation of `owner` with finished answers that used the template. */
  async function setup(answers = 1) {
    const assistant = (await t.http().post('/api/assistants').set(owner.auth).send({ name: 'Rated' }).expect(201)).body.id as string;
    const template = (await t.http().post('/api/templates').set(owner.auth).send({ name: 'T', promptText: 'Answer {{q}}' }).expect(201)).body.id as string;
    const conversation = (await t.http().post('/api/conversations').set(owner.auth).send({ assistantId: assistant }).expect(201)).body.id as string;
    const messages: string[] = [];
    for (let i = 0; i < answers; i++) {
      const at = new Date(Date.UTC(2026, 0, 1, 0, 0, i));
      const question = await t.prisma.message.create({ data: { conversationId: conversation, role: 'user', content: `Q${i}`, createdAt: at } });
      const answer = await t.prisma.message.create({
        data: {
          conversationId: conversation,
          role: 'assistant',
          content: `A${i}`,
          status: 'done',
          replyToId: question.id,
          templateId: template,
          createdAt: new Date(at.getTime() + 1),
        },
      });
      messages.push(answer.id);
    }
    return { assistant, template, conversation, messages };
  }

  const stats = async (assistant: string, template: string) => {
    const [a, tp] = await Promise.all([
      t.prisma.assistant.findUniqueOrThrow({ where: { id: assistant } }),
      t.prisma.promptTemplate.findUniqueOrThrow({ where: { id: template } }),
    ]);
    return { assistant: [a.ratingSum, a.ratingCount], template: [tp.ratingSum, tp.ratingCount] };
  };

  it('rates, re-rates and removes, moving the averages exactly once per change', async () => {
    const s = await setup(2);
    const [first, second] = s.messages;
    const rated = await t.http().put(`/api/messages/${first}/rating`).set(owner.auth).send({ rating: 4, comment: '  helpful  ' }).expect(200);
    expect(rated.body).toEqual({
      messageId: first,
      rating: 4,
      comment: 'helpful',
      assistant: { id: s.assistant, averageRating: 4, ratingCount: 1 },
      template: { id: s.template, averageRating: 4, ratingCount: 1 },
    });
    await t.http().put(`/api/messages/${second}/rating`).set(owner.auth).send({ rating: 1 }).expect(200);
    expect(await stats(s.assistant, s.template)).toEqual({ assistant: [5, 2], template: [5, 2] });

    // Changing a rating moves the sum, not the count; the same rating again changes nothing.
    await t.http().put(`/api/messages/${first}/rating`).set(owner.auth).send({ rating: 2 }).expect(200);
    await t.http().put(`/api/messages/${first}/rating`).set(owner.auth).send({ rating: 2, comment: 'on second thought' }).expect(200);
    expect(await stats(s.assistant, s.template)).toEqual({ assistant: [3, 2], template: [3, 2] });
    const view = (await t.http().get(`/api/assistants/${s.assistant}`).set(owner.auth).expect(200)).body;
    expect(view.statistics).toMatchObject({ averageRating: 1.5, ratingCount: 2 });
    const message = (await t.http().get(`/api/conversations/${s.conversation}/messages`).set(owner.auth).expect(200)).body.items.find(
      (m: { id: string }) => m.id === first,
    );
    expect(message).toMatchObject({ rating: 2, feedback: 'on second thought' });

    await t.http().delete(`/api/messages/${first}/rating`).set(owner.auth).expect(204);
    await t.http().delete(`/api/messages/${first}/rating`).set(owner.auth).expect(204);
    expect(await stats(s.assistant, s.template)).toEqual({ assistant: [1, 1], template: [1, 1] });
    const template = (await t.http().get(`/api/templates/${s.template}`).set(owner.auth).expect(200)).body;
    expect(template).toMatchObject({ averageRating: 1, ratingCount: 1 });
  });

  it('refuses bad ratings and comments with 400 problems', async () => {
    const { messages } = await setup();
    for (const body of [
      {},
      { rating: 0 },
      { rating: 6 },
      { rating: 2.5 },
      { rating: '5' },
      { rating: 5, comment: 'x'.repeat(2001) },
      { rating: 5, extra: 1 },
    ]) {
      expectProblem(await t.http().put(`/api/messages/${messages[0]}/rating`).set(owner.auth).send(body), 400);
    }
  });

  it('lets only the owner rate, and only finished answers', async () => {
    const s = await setup();
    const url = `/api/messages/${s.messages[0]}/rating`;
    expectProblem(await t.http().put(url).set(other.auth).send({ rating: 5 }), 403);
    expectProblem(await t.http().put(url).set(admin.auth).send({ rating: 5 }), 403);
    expectProblem(await t.http().delete(url).set(admin.auth), 403);
    expectProblem(await t.http().put(url).send({ rating: 5 }), 401);
    expectProblem(await t.http().put('/api/messages/00000000-0000-4000-8000-000000000000/rating').set(owner.auth).send({ rating: 5 }), 404);
    expectProblem(await t.http().put('/api/messages/not-an-id/rating').set(owner.auth).send({ rating: 5 }), 404);

    const question = await t.prisma.message.findFirstOrThrow({ where: { conversationId: s.conversation, role: 'user' } });
    expectProblem(await t.http().put(`/api/messages/${question.id}/rating`).set(owner.auth).send({ rating: 5 }), 409);
    const pending = await t.prisma.message.create({ data: { conversationId: s.conversation, role: 'assistant', content: 'half', status: 'streaming' } });
    expectProblem(await t.http().put(`/api/messages/${pending.id}/rating`).set(owner.auth).send({ rating: 5 }), 409);
    expect(await stats(s.assistant, s.template)).toEqual({ assistant: [0, 0], template: [0, 0] });

    await t.http().delete(`/api/conversations/${s.conversation}`).set(owner.auth).expect(204);
    expectProblem(await t.http().put(url).set(owner.auth).send({ rating: 5 }), 404);
  });

  it('counts every change once under many concurrent changes', async () => {
    const s = await setup(4);
    // A fixed pseudo-random mix of ratings and removals, many on the same message at once.
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const changes = Array.from({ length: 60 }, () => ({ message: s.messages[next() % 4], rating: (next() % 6) as number }));
    const results = await Promise.all(
      changes.map(({ message, rating }) =>
        rating === 0
          ? t.http().delete(`/api/messages/${message}/rating`).set(owner.auth)
          : t.http().put(`/api/messages/${message}/rating`).set(owner.auth).send({ rating }),
      ),
    );
    expect(results.map((r) => r.status).filter((status) => status >= 300)).toEqual([]);
    const final = await t.prisma.message.findMany({ where: { id: { in: s.messages } }, select: { rating: true } });
    const ratings = final.map((m) => m.rating).filter((r): r is number => r !== null);
    const expected = [ratings.reduce((a, b) => a + b, 0), ratings.length];
    expect(await stats(s.assistant, s.template)).toEqual({ assistant: expected, template: expected });
  });

  it('rates an answer written by a real chat turn, counting its template', async () => {
    const assistant = (await t.http().post('/api/assistants').set(owner.auth).send({ name: 'Live' }).expect(201)).body.id as string;
    const template = (await t.http().post('/api/templates').set(owner.auth).send({ name: 'Live T', promptText: 'Be brief about {{topic}}' }).expect(201)).body
      .id as string;
    const conversation = (await t.http().post('/api/conversations').set(owner.auth).send({ assistantId: assistant }).expect(201)).body.id as string;
    const turn = (
      await t
        .http()
        .post(`/api/conversations/${conversation}/messages`)
        .set(owner.auth)
        .send({ content: 'Hello?', templateId: template, variables: { topic: 'x' } })
        .expect(202)
    ).body;
    expectProblem(await t.http().put(`/api/messages/${turn.userMessage.id}/rating`).set(owner.auth).send({ rating: 5 }), 409);
    await waitForTask({ t }, { user: owner }, turn.taskId);
    const res = await t.http().put(`/api/messages/${turn.assistantMessageId}/rating`).set(owner.auth).send({ rating: 5 }).expect(200);
    expect(res.body).toMatchObject({ assistant: { averageRating: 5, ratingCount: 1 }, template: { id: template, averageRating: 5, ratingCount: 1 } });
  });
});
