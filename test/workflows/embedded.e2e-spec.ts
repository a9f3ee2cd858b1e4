import { NO_MODEL_NOTICE } from '@assistants/llm';
import { registerUser, startTestApp } from '../support/api-app';
import { chatScenarios } from './chat-scenarios';

chatScenarios('embedded');

describe('embedded default: no LLM configured', () => {
  it('answers from the knowledge base with citations and says no model is configured', async () => {
    const t = await startTestApp({ LLM_BASE_URL: '', EMBEDDING_BASE_URL: '' });
    try {
      const user = await registerUser(t);
      const assistant = (await t.http().post('/api/assistants').set(user.auth).send({ name: 'Offline' }).expect(201)).body;
      const upload = await t.http().post(`/api/assistants/${assistant.id}/documents`).set(user.auth)
        .attach('file', Buffer.from('Parental leave is sixteen weeks at full pay.\n\nThe office opens at eight.'), { filename: 'policy.txt', contentType: 'text/plain' })
        .expect(202);
      const poll = async (taskId: string) => {
        for (let i = 0; i < 400; i++) {
          const task = (await t.http().get(`/api/tasks/${taskId}`).set(user.auth).expect(200)).body;
          if (['done', 'failed', 'cancelled'].includes(task.status)) return task;
          await new Promise((r) => setTimeout(r, 50));
        }
        throw new Error('task did not end');
      };
      expect((await poll(upload.body.taskId)).status).toBe('done');
      const conversation = (await t.http().post('/api/conversations').set(user.auth).send({ assistantId: assistant.id }).expect(201)).body;
      const turn = (await t.http().post(`/api/conversations/${conversation.id}/messages`).set(user.auth).send({ content: 'How long is parental leave?' }).expect(202)).body;
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
