import { NO_MODEL_NOTICE } from '@assistants/adapters';
import { expectProblem, registerUser, startTestApp } from '../support/api-app';
import { waitForTask } from '../support/chat-harness';
import { chatScenarios } from './chat-scenarios';

chatScenarios('embedded');

describe('embedded default: no LLM configured', () => {
  it('answers from the knowledge base with citations and says no model is configured', async () => {
    const t = await startTestApp({ LLM_BASE_URL: '', EMBEDDING_BASE_URL: '' });
    try {
      const user = await registerUser(t);
      const assistant = (await t.http().post('/api/assistants').set(user.auth).send({ name: 'Offline' }).expect(201)).body;
      const upload = await t
        .http()
        .post(`/api/assistants/${assistant.id}/documents`)
        .set(user.auth)
        .attach('file', Buffer.from('Parental leave is sixteen weeks at full pay.\n\nThe office opens at eight.'), {
          filename: 'policy.txt',
          contentType: 'text/plain',
        })
        .expect(202);
      const poll = (taskId: string) => waitForTask({ t }, { user }, taskId);
      expect((await poll(upload.body.taskId)).status).toBe('done');
      const conversation = (await t.http().post('/api/conversations').set(user.auth).send({ assistantId: assistant.id }).expect(201)).body;
      const turn = (
        await t.http().post(`/api/conversations/${conversation.id}/messages`).set(user.auth).send({ content: 'How long is parental leave?' }).expect(202)
      ).body;
      const task = await poll(turn.taskId);
      expect(task.status).toBe('done');
      expect(task.runner).toBe('embedded');
      expect(task.message.content).toContain(NO_MODEL_NOTICE);
      expect(task.message.content).toContain('sixteen weeks');
      expect(task.message.content).toMatch(/\[1\]/);
      expect(task.message.searchResults[0]).toMatchObject({ citation: 1, filename: 'policy.txt' });
      expect(task.message.llmRequest.provider).toBe('offline');
    } finally {
      await t.close();
    }
  });
});

describe('bad input to chat, tasks and the knowledge base', () => {
  it('answers each with a 4xx problem', async () => {
    const t = await startTestApp({ MAX_UPLOAD_BYTES: '2048', MAX_UPLOAD_FILES: '2' });
    try {
      const user = await registerUser(t);
      const assistant = (await t.http().post('/api/assistants').set(user.auth).send({ name: 'Strict' }).expect(201)).body;
      const conversation = (await t.http().post('/api/conversations').set(user.auth).send({ assistantId: assistant.id }).expect(201)).body;
      const upload = (name: string, body: Buffer, type: string) =>
        t.http().post(`/api/assistants/${assistant.id}/documents`).set(user.auth).attach('file', body, { filename: name, contentType: type });

      expectProblem(await upload('big.txt', Buffer.alloc(3000, 'a'), 'text/plain'), 413);
      const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
      expect(expectProblem(await upload('scan.png', png, 'image/png'), 415).detail).toMatch(/binary.*Supported/);
      // The content decides: a PNG named .txt is still refused.
      expectProblem(await upload('scan.txt', png, 'text/plain'), 415);
      expectProblem(await upload('empty.txt', Buffer.alloc(0), 'text/plain'), 400);
      expect(expectProblem(await t.http().post(`/api/assistants/${assistant.id}/documents`).set(user.auth).send({ file: 'x' }), 400).detail).toMatch(
        /multipart/,
      );
      const three = t.http().post(`/api/assistants/${assistant.id}/documents`).set(user.auth);
      for (const name of ['1.txt', '2.txt', '3.txt']) three.attach('files', Buffer.from(`File ${name}.`), { filename: name, contentType: 'text/plain' });
      expect(expectProblem(await three, 400).detail).toMatch(/Too many files/);
      expectProblem(await t.http().post(`/api/assistants/${assistant.id}/documents`).set(user.auth).attach('document', Buffer.from('x'), 'x.txt'), 400);
      const first = await upload('a.txt', Buffer.from('Hello world.'), 'text/plain').expect(202);
      expect(expectProblem(await upload('copy.txt', Buffer.from('Hello world.'), 'text/plain'), 409).detail).toContain(first.body.document.id);

      const send = (body: unknown) =>
        t
          .http()
          .post(`/api/conversations/${conversation.id}/messages`)
          .set(user.auth)
          .send(body as object);
      expect(expectProblem(await send({ content: '' }), 400).errors).toEqual([expect.objectContaining({ field: 'content' })]);
      expect(expectProblem(await send({ content: 'x'.repeat(32_001) }), 400).errors).toEqual([expect.objectContaining({ field: 'content' })]);
      expectProblem(await send({ content: 'hi', templateId: 'not-a-uuid' }), 400);
      expectProblem(await send({ content: 'hi', clientMessageId: 'has spaces' }), 400);
      expectProblem(await send({ content: 'hi', templateId: '00000000-0000-4000-8000-000000000000' }), 404);

      expectProblem(await t.http().get('/api/tasks/garbage').set(user.auth), 404);
      expectProblem(await t.http().get(`/api/tasks/chat-${conversation.id}-00000000-0000-4000-8000-000000000000`).set(user.auth), 404);
      expectProblem(await t.http().post('/api/tasks/garbage/cancel').set(user.auth), 404);
      await t.http().patch(`/api/conversations/${conversation.id}`).set(user.auth).send({ status: 'archived' }).expect(200);
      expect(expectProblem(await send({ content: 'hi' }), 409).detail).toMatch(/archived/);
    } finally {
      await t.close();
    }
  });
});
