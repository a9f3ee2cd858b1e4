import type { ChildProcess } from 'node:child_process';
import { FAST_LLM_ENV, type ChatHarness, createChatSetup, sendMessage, waitForTask } from '../support/chat-harness';
import { startFakeLlmServer } from '../support/fake-llm-server';
import { startTestApp } from '../support/api-app';
import { spawnApp, waitForOutput } from '../support/processes';
import { startTemporalServer } from '../support/temporal';
import { LocalEventBus } from '@assistants/adapters';
import { type PlatformEvent } from '@assistants/common';

// The processes share this test file's database (every test run has a PostgreSQL server).
const sharedDatabase = process.env.ASSISTANTS_TEST_DB_URL!;

describe('a worker process killed mid-turn (Temporal)', () => {
  it('resumes the turn on a restarted worker: one answer, statistics counted once, events relayed', async () => {
    const llm = await startFakeLlmServer();
    const server = await startTemporalServer();
    const taskQueue = `crash-${Date.now()}`;
    // Temporal's Java test server never moves a workflow task off a dead worker's sticky queue
    // (a real server does after stickyScheduleToStartTimeout), so these workers run without one.
    const env = {
      ...FAST_LLM_ENV,
      TEMPORAL_MAX_CACHED_WORKFLOWS: '0',
      LLM_BASE_URL: llm.baseUrl,
      TEMPORAL_ADDRESS: server.address,
      TEMPORAL_TASK_QUEUE: taskQueue,
      DATABASE_URL: sharedDatabase,
    };
    const t = await startTestApp(env);
    const h = { t, llm, events: [] as PlatformEvent[], runner: 'temporal' } as unknown as ChatHarness;
    t.app.get(LocalEventBus).subscribe((event) => h.events.push(event));
    const workers: ChildProcess[] = [];
    try {
      workers.push(spawnApp('worker', env));
      await waitForOutput(workers[0], /polling task queue/);
      const s = await createChatSetup(h);
      const text = Array.from({ length: 120 }, (_, i) => `token${i}`).join(' ');
      // The first attempt streams slowly and dies with its worker; the retry on the new worker answers in full.
      llm.script({ kind: 'reply', text, delayMsPerToken: 40 }, { kind: 'reply', text });
      const turn = await sendMessage(h, s, { content: 'Survive a crash' });
      await waitForTask(h, s, turn.taskId, (task) => task.status === 'generating' && task.message?.content.length > 0);
      workers[0].kill('SIGKILL');

      workers.push(spawnApp('worker', env));
      await waitForOutput(workers[1], /polling task queue/);
      const done = await waitForTask(h, s, turn.taskId, undefined, 60_000);
      expect(done).toMatchObject({ status: 'done', message: { id: turn.assistantMessageId, status: 'done', content: text } });

      const messages = (await t.http().get(`/api/conversations/${s.conversationId}/messages`).set(s.user.auth).expect(200)).body.items;
      expect(messages.map((m: { role: string }) => m.role)).toEqual(['user', 'assistant']);
      const assistant = (await t.http().get(`/api/assistants/${s.assistantId}`).set(s.user.auth).expect(200)).body;
      expect(assistant.statistics.totalMessages).toBe(2);
      expect(llm.requests.filter((r) => r.path.endsWith('/chat/completions'))).toHaveLength(2);
      // Tokens streamed by the worker processes reached the API through PostgreSQL notifications.
      expect(h.events.some((e) => e.type === 'message.delta' && e.taskId === turn.taskId)).toBe(true);
      expect(h.events).toContainEqual(expect.objectContaining({ type: 'message.done', taskId: turn.taskId }));
    } finally {
      for (const worker of workers) if (worker.exitCode === null) worker.kill('SIGKILL');
      await t.close();
      await server.stop();
      await llm.close();
    }
  }, 180_000);
});
