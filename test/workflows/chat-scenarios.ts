import { defaultReply } from '../support/fake-llm-server';
import { recordHistories } from '../support/workflow-histories';
import { SEARCH_ATTRIBUTES, type TemporalWorkflowRunner } from '@assistants/runtime';
import { WORKFLOW_RUNNER } from '../../apps/api/src/runtime/runtime.module';
import { type ChatHarness, createChatSetup, sendMessage, startChatHarness, uploadDocument, waitForTask } from '../support/chat-harness';

const HANDBOOK = `# Employee handbook

## Leave

Parental leave is sixteen weeks at full pay. It can start up to four weeks before the birth.

## Travel

Book trains for trips under five hours. Flights need approval from a director.
`;

/**
 * The durable chat turn and document ingest, end to end through HTTP: the same
 * scenarios run on the embedded runner and on Temporal with our worker.
 */
export function chatScenarios(runner: 'embedded' | 'temporal'): void {
  describe(`chat turns and ingest (${runner} runner)`, () => {
    let h: ChatHarness;
    beforeAll(async () => {
      h = await startChatHarness(runner);
    }, 120_000);
    afterAll(async () => {
      if (runner === 'temporal' && process.env.RECORD_HISTORIES) await recordHistories(h);
      await h?.close();
    });
    beforeEach(() => h.llm.reset());

    const chatRequests = () => h.llm.requests.filter((r) => r.path.endsWith('/chat/completions'));
    const messages = async (s: Awaited<ReturnType<typeof createChatSetup>>) =>
      (await h.t.http().get(`/api/conversations/${s.conversationId}/messages?limit=200`).set(s.user.auth).expect(200)).body.items as any[];

    it('ingests a Markdown document to ready, chunked, embedded and indexed', async () => {
      const s = await createChatSetup(h);
      const upload = await uploadDocument(h, s, 'handbook.md', HANDBOOK, 'text/markdown');
      expect(upload.taskId).toBe(`ingest-${upload.document.id}`);
      const task = await waitForTask(h, s, upload.taskId);
      expect(task).toMatchObject({ kind: 'ingest', status: 'done', progress: 100, document: { status: 'ready', progress: 100 } });
      const document = (await h.t.http().get(`/api/documents/${upload.document.id}`).set(s.user.auth).expect(200)).body;
      expect(document.chunkCount).toBeGreaterThan(0);
      expect(await h.t.prisma.chunk.count({ where: { documentId: document.id } })).toBe(document.chunkCount);
      expect(await h.t.prisma.chunkVector.count({ where: { documentId: document.id } })).toBe(document.chunkCount);
      const chunks = await h.t.prisma.chunk.findMany({ where: { documentId: document.id }, orderBy: { position: 'asc' } });
      expect(chunks.map((c) => (c.metadata as any).headingPath)).toContainEqual(['Employee handbook', 'Leave']);
      expect(h.events.filter((e) => e.type === 'document.progress' && e.documentId === document.id).at(-1)).toMatchObject({
        status: 'ready',
        stage: 'done',
        percent: 100,
      });
    });

    it('answers with knowledge, template and history, and stores sources, the request, timings and usage', async () => {
      const s = await createChatSetup(h, { systemPrompt: 'You are the HR helper.', temperature: 0.2, maxTokens: 300 });
      await waitForTask(h, s, (await uploadDocument(h, s, 'handbook.md', HANDBOOK, 'text/markdown')).taskId);
      const template = (
        await h.t.http().post('/api/templates').set(s.user.auth).send({ name: 'In a language', promptText: 'Answer in {{language}}: {{question}}' }).expect(201)
      ).body;

      const first = await sendMessage(h, s, { content: 'Hello there' });
      expect((await waitForTask(h, s, first.taskId)).status).toBe('done');
      const second = await sendMessage(h, s, { content: 'How long is parental leave?', templateId: template.id, variables: { language: 'English' } });
      expect(second.taskId).toBe(`chat-${s.conversationId}-${second.userMessage.id}`);
      const task = await waitForTask(h, s, second.taskId);
      expect(task).toMatchObject({ status: 'done', progress: 100, message: { status: 'done' } });

      const sent = chatRequests().at(-1)!.body;
      expect(sent).toMatchObject({ model: 'gpt-4o-mini', temperature: 0.2, max_tokens: 300, stream: true });
      const system = sent.messages[0];
      expect(system.role).toBe('system');
      expect(system.content).toContain('You are the HR helper.');
      // Passages come in a data message of their own after the system prompt, never inside it.
      expect(system.content).not.toContain('sixteen weeks');
      expect(sent.messages[1].role).toBe('user');
      expect(sent.messages[1].content).toMatch(/^<context>\n[\s\S]*\[1\] \(handbook\.md, Leave\) .*sixteen weeks[\s\S]*\n<\/context>$/);
      expect(sent.messages.slice(2)).toEqual([
        { role: 'user', content: 'Hello there' },
        { role: 'assistant', content: 'Answer to: Hello there' },
        { role: 'user', content: 'Answer in English: How long is parental leave?' },
      ]);

      const answer = (await messages(s)).find((m) => m.id === second.assistantMessageId);
      expect(answer).toMatchObject({
        role: 'assistant',
        status: 'done',
        content: defaultReply(sent),
        templateId: template.id,
        replyToId: second.userMessage.id,
      });
      expect(answer.searchResults[0]).toMatchObject({ citation: 1, filename: 'handbook.md' });
      expect(answer.searchResults[0].text).toContain('sixteen weeks');
      expect(answer.llmRequest).toMatchObject({ provider: 'openai', model: 'gpt-4o-mini', temperature: 0.2, maxTokens: 300, historyMessages: 2 });
      expect(answer.llmRequest.messages).toEqual(sent.messages);
      expect(JSON.stringify(answer)).not.toContain('sk-test-secret-key');
      expect(answer.processingTimeMs).toBeGreaterThanOrEqual(0);
      expect(answer.timings).toMatchObject({ retrievalMs: expect.any(Number), generationMs: expect.any(Number), timeToFirstTokenMs: expect.any(Number) });
      expect(answer.usage.totalTokens).toBe(answer.usage.promptTokens + answer.usage.completionTokens);
      expect(answer.usage.completionTokens).toBeGreaterThan(0);

      const streamed = h.events.filter((e) => e.type === 'message.delta' && e.taskId === second.taskId).map((e) => (e as { text: string }).text);
      expect(streamed.length).toBeGreaterThan(1);
      expect(streamed.join('')).toBe(answer.content);
      expect(h.events).toContainEqual({ type: 'message.done', taskId: second.taskId, conversationId: s.conversationId, messageId: second.assistantMessageId });

      const assistant = (await h.t.http().get(`/api/assistants/${s.assistantId}`).set(s.user.auth).expect(200)).body;
      expect(assistant.statistics).toMatchObject({ totalConversations: 1, totalMessages: 4 });
      const conversation = (await h.t.http().get(`/api/conversations/${s.conversationId}`).set(s.user.auth).expect(200)).body;
      expect(conversation.messageCount).toBe(4);
      expect((await h.t.http().get(`/api/templates/${template.id}`).set(s.user.auth).expect(200)).body.usageCount).toBe(1);

      if (h.runner === 'temporal') {
        // Ops staff find the run by its readable id and see whose turn it is in the memo.
        const runner = h.t.app.get<TemporalWorkflowRunner>(WORKFLOW_RUNNER);
        const description = await runner.client.workflow.getHandle(second.taskId).describe();
        expect(description.type).toBe('chatTurnWorkflow');
        expect(description.status.name).toBe('COMPLETED');
        expect(description.memo).toMatchObject({ assistant: 'Helper', user: s.user.email, conversation: 'Test chat' });
        expect(description.typedSearchAttributes.get(SEARCH_ATTRIBUTES.assistantId)).toBe(s.assistantId);
        expect(description.typedSearchAttributes.get(SEARCH_ATTRIBUTES.userId)).toBe(s.user.id);
        expect(description.typedSearchAttributes.get(SEARCH_ATTRIBUTES.taskKind)).toBe('chat');
      }
    });

    it('returns the same turn for a retried POST with the same idempotency key', async () => {
      const s = await createChatSetup(h);
      const first = await sendMessage(h, s, { content: 'Only once, please' }, { 'Idempotency-Key': 'retry-123' });
      const again = await sendMessage(h, s, { content: 'Only once, please' }, { 'Idempotency-Key': 'retry-123' });
      expect(again).toMatchObject({ taskId: first.taskId, assistantMessageId: first.assistantMessageId, created: false });
      expect(first.created).toBe(true);
      await waitForTask(h, s, first.taskId);
      const viaBody = await sendMessage(h, s, { content: 'Only once, please', clientMessageId: 'retry-123' });
      expect(viaBody.taskId).toBe(first.taskId);
      expect(await messages(s)).toHaveLength(2);
      expect(chatRequests()).toHaveLength(1);
    });

    it('retries an LLM 500 and stores one answer, counted once', async () => {
      const s = await createChatSetup(h);
      h.llm.script({ kind: 'status', status: 500, message: 'upstream exploded' });
      const turn = await sendMessage(h, s, { content: 'Try again if you must' });
      expect(await waitForTask(h, s, turn.taskId)).toMatchObject({ status: 'done', message: { content: 'Answer to: Try again if you must' } });
      expect(chatRequests()).toHaveLength(2);
      const all = await messages(s);
      expect(all.map((m) => [m.role, m.status])).toEqual([
        ['user', 'done'],
        ['assistant', 'done'],
      ]);
      expect((await h.t.http().get(`/api/assistants/${s.assistantId}`).set(s.user.auth).expect(200)).body.statistics.totalMessages).toBe(2);
      expect((await h.t.http().get(`/api/conversations/${s.conversationId}`).set(s.user.auth).expect(200)).body.messageCount).toBe(2);
    });

    it('marks the turn failed after the last attempt, keeps the user message, and the retry endpoint answers it', async () => {
      const s = await createChatSetup(h);
      h.llm.script(...Array.from({ length: 3 }, () => ({ kind: 'status' as const, status: 503, message: 'overloaded' })));
      const turn = await sendMessage(h, s, { content: 'Are you there?' });
      const failed = await waitForTask(h, s, turn.taskId);
      expect(failed.status).toBe('failed');
      expect(failed.error).toMatch(/503|overloaded/);
      // Beside the English reason, its code: what the web app says it by in the reader's language.
      expect(failed.message).toMatchObject({ status: 'failed', error: failed.error, errorCode: 'chat.provider_unreachable', errorParams: null });
      expect(h.events).toContainEqual(
        expect.objectContaining({ type: 'message.failed', messageId: turn.assistantMessageId, status: 'failed', errorCode: 'chat.provider_unreachable' }),
      );
      expect(chatRequests()).toHaveLength(3);
      expect((await messages(s)).find((m) => m.role === 'user')).toMatchObject({ content: 'Are you there?', status: 'done' });

      const retried = await h.t.http().post(`/api/tasks/${turn.taskId}/retry`).set(s.user.auth).expect(202);
      expect(retried.body).toMatchObject({ status: 'queued', attempt: 2 });
      expect(await waitForTask(h, s, turn.taskId)).toMatchObject({
        status: 'done',
        attempt: 2,
        message: { id: turn.assistantMessageId, status: 'done', error: null, errorCode: null },
      });
      expect(await messages(s)).toHaveLength(2);
      expect((await h.t.http().get(`/api/assistants/${s.assistantId}`).set(s.user.auth).expect(200)).body.statistics.totalMessages).toBe(2);
      await h.t.http().post(`/api/tasks/${turn.taskId}/retry`).set(s.user.auth).expect(409);
    });

    it('keeps message counters equal to the stored rows after done, failed, retried, cancelled, cleared and deleted turns', async () => {
      const s = await createChatSetup(h);
      const other = (await h.t.http().post('/api/conversations').set(s.user.auth).send({ assistantId: s.assistantId }).expect(201)).body;
      // The rule (docs/api.md, "Statistics"): every stored message row of a conversation not deleted counts, from the moment it is stored.
      const expectCountersToMatchRows = async (rows: number) => {
        expect(await messages(s)).toHaveLength(rows);
        expect((await h.t.http().get(`/api/conversations/${s.conversationId}`).set(s.user.auth).expect(200)).body.messageCount).toBe(rows);
        const stored = await h.t.prisma.message.count({ where: { conversation: { assistantId: s.assistantId, status: { not: 'deleted' } } } });
        expect((await h.t.http().get(`/api/assistants/${s.assistantId}`).set(s.user.auth).expect(200)).body.statistics.totalMessages).toBe(stored);
      };

      expect((await waitForTask(h, s, (await sendMessage(h, s, { content: 'Done' })).taskId)).status).toBe('done');
      await expectCountersToMatchRows(2);

      h.llm.script(...Array.from({ length: 3 }, () => ({ kind: 'status' as const, status: 503, message: 'overloaded' })));
      const failing = await sendMessage(h, s, { content: 'Fails' });
      expect((await waitForTask(h, s, failing.taskId)).status).toBe('failed');
      await expectCountersToMatchRows(4);

      await h.t.http().post(`/api/tasks/${failing.taskId}/retry`).set(s.user.auth).expect(202);
      expect((await waitForTask(h, s, failing.taskId)).status).toBe('done');
      await expectCountersToMatchRows(4);

      h.llm.script({ kind: 'reply', text: Array.from({ length: 300 }, (_, i) => `w${i}`).join(' '), delayMsPerToken: 20 });
      const cancelling = await sendMessage(h, s, { content: 'Cancel me' });
      await waitForTask(h, s, cancelling.taskId, (task) => task.status === 'generating');
      await h.t.http().post(`/api/tasks/${cancelling.taskId}/cancel`).set(s.user.auth).expect(202);
      expect((await waitForTask(h, s, cancelling.taskId)).status).toBe('cancelled');
      await expectCountersToMatchRows(6);

      const elsewhere = await sendMessage(h, { ...s, conversationId: other.id }, { content: 'In the other conversation' });
      await waitForTask(h, s, elsewhere.taskId);
      await expectCountersToMatchRows(6);

      await h.t.http().post(`/api/conversations/${s.conversationId}/clear`).set(s.user.auth).expect(200);
      await expectCountersToMatchRows(0);
      expect((await h.t.http().get(`/api/assistants/${s.assistantId}`).set(s.user.auth).expect(200)).body.statistics.totalMessages).toBe(2);

      // A deleted conversation's rows stay stored (soft delete) but no longer count for the assistant.
      await h.t.http().delete(`/api/conversations/${other.id}`).set(s.user.auth).expect(204);
      await expectCountersToMatchRows(0);
      expect((await h.t.prisma.conversation.findUniqueOrThrow({ where: { id: other.id } })).messageCount).toBe(
        await h.t.prisma.message.count({ where: { conversationId: other.id } }),
      );
    });

    it('fails fast when the LLM rejects the request', async () => {
      const s = await createChatSetup(h);
      h.llm.script({ kind: 'status', status: 400, message: "This model's maximum context length is 8192 tokens" });
      const turn = await sendMessage(h, s, { content: 'Too long?' });
      const failed = await waitForTask(h, s, turn.taskId);
      expect(failed.status).toBe('failed');
      expect(failed.error).toContain('maximum context length');
      expect(chatRequests()).toHaveLength(1);
    });

    it('cancels a running turn and keeps the partial answer', async () => {
      const s = await createChatSetup(h);
      const longText = Array.from({ length: 300 }, (_, i) => `word${i}`).join(' ');
      h.llm.script({ kind: 'reply', text: longText, delayMsPerToken: 20 });
      const turn = await sendMessage(h, s, { content: 'Tell me a long story' });
      await waitForTask(h, s, turn.taskId, (task) => task.status === 'generating' && task.message?.content.length > 0);
      await h.t.http().post(`/api/tasks/${turn.taskId}/cancel`).set(s.user.auth).expect(202);
      const cancelled = await waitForTask(h, s, turn.taskId);
      expect(cancelled.status).toBe('cancelled');
      expect(cancelled.message.status).toBe('cancelled');
      expect(cancelled.message.content.length).toBeGreaterThan(0);
      expect(longText.startsWith(cancelled.message.content)).toBe(true);
      expect(cancelled.message.content.length).toBeLessThan(longText.length);
      await h.t.http().post(`/api/tasks/${turn.taskId}/cancel`).set(s.user.auth).expect(409);
    });

    it('keeps a running summary once the dialogue outgrows the history window', async () => {
      const s = await createChatSetup(h);
      for (const content of ['First question', 'Second question', 'Third question', 'Fourth question']) {
        await waitForTask(h, s, (await sendMessage(h, s, { content })).taskId);
      }
      const deadline = Date.now() + 10_000;
      let summary: string | null = null;
      while (!summary && Date.now() < deadline) {
        summary = (await h.t.prisma.conversation.findUniqueOrThrow({ where: { id: s.conversationId } })).contextSummary;
        if (!summary) await new Promise((r) => setTimeout(r, 50));
      }
      expect(summary).toBeTruthy();
      const summaryRequest = chatRequests().find((r) => r.body.messages[0].content.startsWith('Summarise the conversation'));
      expect(summaryRequest?.body.messages[1].content).toContain('First question');
      await waitForTask(h, s, (await sendMessage(h, s, { content: 'Fifth question' })).taskId);
      const last = chatRequests()
        .filter((r) => !r.body.messages[0].content.startsWith('Summarise'))
        .at(-1)!;
      // The summary is data like the passages: in the context message, not the system prompt.
      expect(last.body.messages[0].content).not.toContain('Summary of the earlier conversation');
      expect(last.body.messages[1].content).toMatch(/^<context>\n[\s\S]*Summary of the earlier conversation/);
      expect(last.body.messages.slice(2).length).toBeLessThanOrEqual(5);
    });

    it('deleting a document removes its chunks from every index', async () => {
      const s = await createChatSetup(h);
      const upload = await uploadDocument(h, s, 'notes.txt', 'Remember the milk.\n\nThe meeting moved to Thursday.');
      await waitForTask(h, s, upload.taskId);
      const removal = await h.t.http().delete(`/api/documents/${upload.document.id}`).set(s.user.auth).expect(202);
      expect(removal.body.taskId).toBe(`cleanup-${upload.document.id}`);
      expect((await waitForTask(h, s, removal.body.taskId)).status).toBe('done');
      await h.t.http().get(`/api/documents/${upload.document.id}`).set(s.user.auth).expect(404);
      expect(await h.t.prisma.chunk.count({ where: { documentId: upload.document.id } })).toBe(0);
      expect(await h.t.prisma.chunkVector.count({ where: { documentId: upload.document.id } })).toBe(0);
    });

    it('marks a document it cannot read as failed with the reason', async () => {
      const s = await createChatSetup(h);
      const upload = await uploadDocument(h, s, 'empty.md', '   \n\n  ', 'text/markdown');
      const task = await waitForTask(h, s, upload.taskId);
      expect(task.status).toBe('failed');
      expect(task.document).toMatchObject({ status: 'failed', error: expect.stringMatching(/empty/i) });
    });
  });
}
