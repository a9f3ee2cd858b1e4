import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerMessage, ToolCallView } from '@assistants/common';
import type { TemporalWorkflowRunner } from '@assistants/runtime';
import { WORKFLOW_RUNNER } from '../../apps/api/src/runtime/runtime.module';
import { loginAdmin, registerUser, type TestUser } from '../support/api-app';
import { type ChatHarness, type ChatSetup, createChatSetup, sendMessage, startChatHarness, uploadDocument, waitForTask } from '../support/chat-harness';
import { connectLive, listenForWebSocket } from '../support/live-client';
import { EVERYTHING_STDIO, FILESYSTEM, MEMORY, startEverythingOverHttp, startToolCallProxy, type ToolCallProxy } from '../support/mcp-servers';

/**
 * Tool calls in full chat turns through HTTP, against real MCP servers (server-everything over
 * Streamable HTTP, server-memory and server-filesystem over stdio): the same scenarios on the
 * embedded runner and on Temporal with our worker. The fake LLM asks for the calls as a real model
 * streams them, then answers from the results it is sent.
 */
export function toolScenarios(runner: 'embedded' | 'temporal'): void {
  describe(`tool calls in chat turns (${runner} runner)`, () => {
    let h: ChatHarness;
    let everything: Awaited<ReturnType<typeof startEverythingOverHttp>>;
    let proxy: ToolCallProxy;
    beforeAll(async () => {
      everything = await startEverythingOverHttp();
      proxy = await startToolCallProxy(everything.url);
      h = await startChatHarness(runner, { TOOLS_ALLOW_PRIVATE_NETWORKS: 'true', TOOLS_STDIO: 'true' });
    }, 120_000);
    afterAll(async () => {
      await h?.close();
      await proxy?.close();
      await everything?.stop();
    });
    beforeEach(() => {
      h.llm.reset();
      proxy.calls.length = 0;
    });

    const chatRequests = () => h.llm.requests.filter((r) => r.path.endsWith('/chat/completions'));
    const answerOf = async (s: ChatSetup, messageId: string) => {
      const items = (await h.t.http().get(`/api/conversations/${s.conversationId}/messages?limit=50`).set(s.user.auth).expect(200)).body.items as any[];
      return items.find((m) => m.id === messageId);
    };
    const callsOf = async (s: ChatSetup, messageId: string): Promise<ToolCallView[]> => (await answerOf(s, messageId)).toolCalls;
    async function waitForCalls(s: ChatSetup, messageId: string, until: (calls: ToolCallView[]) => boolean): Promise<ToolCallView[]> {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const calls = await callsOf(s, messageId);
        if (until(calls)) return calls;
        if (Date.now() > deadline) throw new Error(`tool calls still ${JSON.stringify(calls.map((c) => c.status))}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }

    async function linkEverything(s: ChatSetup, tools: { name: string; approval?: 'never' | 'always' }[], maxToolRounds?: number) {
      const server = (await h.t.http().post('/api/tool-servers').set(s.user.auth).send({ name: 'Everything', transport: 'http', url: proxy.url }).expect(201))
        .body;
      expect(server.status).toBe('ok');
      await h.t
        .http()
        .put(`/api/assistants/${s.assistantId}/tools`)
        .set(s.user.auth)
        .send({ tools: tools.map((tool) => ({ serverId: server.id, ...tool })), ...(maxToolRounds && { maxToolRounds }) })
        .expect(200);
      return server;
    }

    it('runs the tool the model asks for as its own step and answers from its result', async () => {
      const s = await createChatSetup(h);
      await linkEverything(s, [{ name: 'echo' }]);
      h.llm.script({ kind: 'tool-calls', calls: [{ id: 'call_echo', name: 'Everything_echo', arguments: { message: 'hello from the test' } }] });
      const turn = await sendMessage(h, s, { content: 'Please echo something' });
      const task = await waitForTask(h, s, turn.taskId);
      expect(task).toMatchObject({ status: 'done', message: { status: 'done', content: 'From the tools: Echo: hello from the test' } });

      const [call] = await callsOf(s, turn.assistantMessageId);
      expect(call).toMatchObject({
        server: 'Everything',
        name: 'echo',
        arguments: '{"message":"hello from the test"}',
        status: 'done',
        result: 'Echo: hello from the test',
        error: null,
        needsApproval: false,
      });
      expect(call.durationMs).toEqual(expect.any(Number));
      expect(proxy.calls).toEqual(['echo']);

      const [first, second] = chatRequests();
      expect(first.body.tools).toEqual([expect.objectContaining({ type: 'function', function: expect.objectContaining({ name: 'Everything_echo' }) })]);
      expect(second.body.messages.slice(-2)).toEqual([
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'call_echo', type: 'function', function: { name: 'Everything_echo', arguments: '{"message":"hello from the test"}' } }],
        },
        { role: 'tool', tool_call_id: 'call_echo', content: 'Echo: hello from the test' },
      ]);
      const answer = await answerOf(s, turn.assistantMessageId);
      expect(answer.llmRequest.tools).toEqual([{ name: 'Everything_echo', server: 'Everything', tool: 'echo' }]);

      const events = h.events.filter((e) => e.type === 'tool.call' && e.taskId === turn.taskId) as { call: ToolCallView }[];
      expect(events.map((e) => e.call.status)).toEqual(['running', 'done']);
      expect(h.events).toContainEqual(expect.objectContaining({ type: 'typing', taskId: turn.taskId, stage: 'calling_tool', tool: 'Everything/echo' }));

      if (h.runner === 'temporal') {
        // Ops see the call as its own activity named after the tool, and the tools used in the memo.
        const handle = h.t.app.get<TemporalWorkflowRunner>(WORKFLOW_RUNNER).client.workflow.getHandle(turn.taskId);
        expect((await handle.describe()).memo).toMatchObject({ tools: ['Everything/echo'] });
        const history = (await handle.fetchHistory()).events ?? [];
        const scheduled = history.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'callTool');
        expect(scheduled).toHaveLength(1);
        const summary = scheduled[0].userMetadata?.summary?.data;
        expect(summary && JSON.parse(Buffer.from(summary).toString('utf8'))).toBe('tool:Everything/echo');
      }
    });

    it('tells WebSocket subscribers of the conversation about each call, with its whole result', async () => {
      const s = await createChatSetup(h);
      await linkEverything(s, [{ name: 'echo' }]);
      const live = await connectLive(await listenForWebSocket(h.t.app), s.user.token);
      try {
        live.send({ type: 'subscribe', conversationId: s.conversationId });
        await live.next((m) => m.type === 'subscribed');
        // Longer than what an event may carry: the gateway sends the stored call.
        const long = 'long result '.repeat(200).trim();
        h.llm.script({ kind: 'tool-calls', calls: [{ name: 'Everything_echo', arguments: { message: long } }] });
        const turn = await sendMessage(h, s, { content: 'Echo a lot' });
        const done = await live.next<{ type: 'tool.call'; call: ToolCallView } & ServerMessage>(
          (m) => m.type === 'tool.call' && m.call.status === 'done',
          30_000,
        );
        expect(done).toMatchObject({ conversationId: s.conversationId, messageId: turn.assistantMessageId, call: { name: 'echo', result: `Echo: ${long}` } });
        expect(done.call.arguments).toBe(JSON.stringify({ message: long }));
        // What the producer published was cut to fit any event channel (NOTIFY refuses 8000 bytes).
        const published = h.events.find((e) => e.type === 'tool.call' && e.call.id === done.call.id && e.call.status === 'done');
        expect(published).toMatchObject({ call: { result: expect.stringMatching(/…$/) } });
        expect(JSON.stringify(published).length).toBeLessThan(8000);
        await live.next((m) => m.type === 'message.done' && m.messageId === turn.assistantMessageId, 30_000);
        // The views the database builds onto the message are the ones the API builds from the row.
        expect(await callsOf(s, turn.assistantMessageId)).toEqual([done.call]);
      } finally {
        await live.close();
      }
    });

    it('search_knowledge: the model searches the knowledge base again, and what it finds is cited after the prompt’s passages', async () => {
      const s = await createChatSetup(h, { searchLimit: 2 });
      const upload = await uploadDocument(
        h,
        s,
        'handbook.md',
        '# Handbook\n\n## Leave\n\nParental leave is sixteen weeks.\n\n## Travel\n\nTrains for trips under five hours.\n',
        'text/markdown',
      );
      expect((await waitForTask(h, s, upload.taskId)).status).toBe('done');
      await h.t
        .http()
        .put(`/api/assistants/${s.assistantId}/tools`)
        .set(s.user.auth)
        .send({ tools: [{ builtin: 'search_knowledge' }] })
        .expect(200);
      h.llm.script({ kind: 'tool-calls', calls: [{ name: 'search_knowledge', arguments: { query: 'parental leave weeks' } }] });
      const turn = await sendMessage(h, s, { content: 'How long is leave?' });
      expect((await waitForTask(h, s, turn.taskId)).status).toBe('done');
      const answer = await answerOf(s, turn.assistantMessageId);
      const [call] = answer.toolCalls as ToolCallView[];
      expect(call).toMatchObject({ server: 'builtin', name: 'search_knowledge', status: 'done', needsApproval: false });
      const fromPrompt = (chatRequests()[0].body.messages[1].content.match(/^\[\d+\]/gm) ?? []).length;
      expect(call.result).toMatch(new RegExp(`^\\[${fromPrompt + 1}\\] handbook\\.md\\n`));
      expect(call.result).toContain('sixteen weeks');
      const citations = (answer.searchResults as { citation: number }[]).map((source) => source.citation);
      expect(citations.slice(0, fromPrompt)).toEqual([...Array(fromPrompt).keys()].map((i) => i + 1));
      expect(citations.slice(fromPrompt)[0]).toBe(fromPrompt + 1);
      expect(answer.searchResults.at(-1)).toMatchObject({ filename: 'handbook.md', documentId: upload.document.id });
    });

    it('runs parallel calls of one reply side by side and sends their results back in order', async () => {
      const s = await createChatSetup(h);
      await linkEverything(s, [{ name: '*', approval: 'never' }]);
      h.llm.script({
        kind: 'tool-calls',
        calls: [
          { id: 'call_sum', name: 'Everything_get-sum', arguments: { a: 2, b: 40 } },
          { id: 'call_echo', name: 'Everything_echo', arguments: { message: 'side by side' } },
        ],
      });
      const turn = await sendMessage(h, s, { content: 'Add and echo' });
      expect((await waitForTask(h, s, turn.taskId)).status).toBe('done');
      const calls = await callsOf(s, turn.assistantMessageId);
      expect(calls.map((c) => [c.name, c.status])).toEqual([
        ['get-sum', 'done'],
        ['echo', 'done'],
      ]);
      expect(calls[0].result).toMatch(/\b42\b/);
      expect(
        chatRequests()[1]
          .body.messages.slice(-2)
          .map((m: any) => m.tool_call_id),
      ).toEqual(['call_sum', 'call_echo']);
    });

    it('waits for approval, which only the conversation’s owner gives, then runs the call once', async () => {
      const s = await createChatSetup(h);
      await linkEverything(s, [{ name: 'echo', approval: 'always' }]);
      h.llm.script({ kind: 'tool-calls', calls: [{ name: 'Everything_echo', arguments: { message: 'approved' } }] });
      const turn = await sendMessage(h, s, { content: 'Echo after approval' });
      const [waiting] = await waitForCalls(s, turn.assistantMessageId, (calls) => calls[0]?.status === 'awaiting_approval');
      expect(waiting.approvalDeadline).toEqual(expect.any(String));
      expect((await h.t.http().get(`/api/tasks/${turn.taskId}`).set(s.user.auth).expect(200)).body.status).not.toBe('done');
      expect(proxy.calls).toEqual([]);

      const stranger = await registerUser(h.t, 'stranger');
      await h.t.http().post(`/api/tool-calls/${waiting.id}/approve`).set(stranger.auth).expect(403);
      const admin = await loginAdmin(h.t);
      await h.t.http().post(`/api/tool-calls/${waiting.id}/approve`).set(admin.auth).expect(403);

      const approved = (await h.t.http().post(`/api/tool-calls/${waiting.id}/approve`).set(s.user.auth).expect(200)).body;
      expect(approved).toMatchObject({ id: waiting.id, status: 'running', approvedBy: s.user.id, approvedAt: expect.any(String) });
      expect((await waitForTask(h, s, turn.taskId)).message.content).toBe('From the tools: Echo: approved');
      const again = await h.t.http().post(`/api/tool-calls/${waiting.id}/reject`).set(s.user.auth).send({}).expect(409);
      expect(again.body.detail).toMatch(/no longer awaits approval: it is done/);
      expect(proxy.calls).toEqual(['echo']);
    });

    it('tells the model about a rejection, with the reason, and never calls the tool', async () => {
      const s = await createChatSetup(h);
      await linkEverything(s, [{ name: 'echo', approval: 'always' }]);
      h.llm.script({ kind: 'tool-calls', calls: [{ name: 'Everything_echo', arguments: { message: 'no' } }] });
      const turn = await sendMessage(h, s, { content: 'Echo, but I will refuse' });
      const [waiting] = await waitForCalls(s, turn.assistantMessageId, (calls) => calls[0]?.status === 'awaiting_approval');
      await h.t.http().post(`/api/tool-calls/${waiting.id}/reject`).set(s.user.auth).send({ reason: 'not today' }).expect(200);
      const task = await waitForTask(h, s, turn.taskId);
      expect(task.message.content).toBe('From the tools: The call was not run. Rejected: not today');
      expect((await callsOf(s, turn.assistantMessageId))[0]).toMatchObject({ status: 'rejected', error: 'Rejected: not today', approvedBy: s.user.id });
      expect(proxy.calls).toEqual([]);
    });

    it('cancelling a turn that waits for approval ends it, and the call with it', async () => {
      const s = await createChatSetup(h);
      await linkEverything(s, [{ name: 'echo', approval: 'always' }]);
      h.llm.script({ kind: 'tool-calls', calls: [{ name: 'Everything_echo', arguments: { message: 'never' } }] });
      const turn = await sendMessage(h, s, { content: 'Wait forever' });
      const [waiting] = await waitForCalls(s, turn.assistantMessageId, (calls) => calls[0]?.status === 'awaiting_approval');
      await h.t.http().post(`/api/tasks/${turn.taskId}/cancel`).set(s.user.auth).expect(202);
      expect((await waitForTask(h, s, turn.taskId)).status).toBe('cancelled');
      expect((await waitForCalls(s, turn.assistantMessageId, (calls) => calls[0].status !== 'awaiting_approval'))[0]).toMatchObject({
        status: 'rejected',
        error: 'The turn was cancelled.',
      });
      await h.t.http().post(`/api/tool-calls/${waiting.id}/approve`).set(s.user.auth).expect(409);
      expect(proxy.calls).toEqual([]);
    });

    it('after maxToolRounds asks the model to answer with what it has, offering no tools', async () => {
      const s = await createChatSetup(h);
      await linkEverything(s, [{ name: 'echo' }], 1);
      h.llm.script({ kind: 'tool-calls', calls: [{ name: 'Everything_echo', arguments: { message: 'once' } }] }, { kind: 'reply', text: 'Enough tools.' });
      const turn = await sendMessage(h, s, { content: 'Loop forever' });
      expect((await waitForTask(h, s, turn.taskId)).message.content).toBe('Enough tools.');
      const last = chatRequests()[1].body;
      expect(last.tools).toBeUndefined();
      expect(last.messages.at(-1)).toEqual({ role: 'system', content: expect.stringContaining('answer now') });
    });

    it('a call of a tool that was not offered, or with broken arguments, fails without reaching any server', async () => {
      const s = await createChatSetup(h);
      await linkEverything(s, [{ name: 'echo' }]);
      h.llm.script({
        kind: 'tool-calls',
        calls: [
          { name: 'Everything_delete_everything', arguments: {} },
          { name: 'Everything_echo', arguments: '{"message": ' },
        ],
      });
      const turn = await sendMessage(h, s, { content: 'Break things' });
      expect((await waitForTask(h, s, turn.taskId)).status).toBe('done');
      const calls = await callsOf(s, turn.assistantMessageId);
      expect(calls.map((c) => c.status)).toEqual(['failed', 'failed']);
      expect(calls[0].error).toMatch(/No tool named "Everything_delete_everything"/);
      expect(calls[1].error).toMatch(/not valid JSON/);
      expect(proxy.calls).toEqual([]);
    });

    it('calls tools of stdio servers: server-memory, server-filesystem and server-everything (an admin adds them)', async () => {
      const admin: TestUser = await loginAdmin(h.t);
      const created = await h.t.http().post('/api/assistants').set(admin.auth).send({ name: 'Local tools', llmModel: 'gpt-4o-mini' }).expect(201);
      const conversation = await h.t.http().post('/api/conversations').set(admin.auth).send({ assistantId: created.body.id, title: 'stdio' }).expect(201);
      const s: ChatSetup = { user: admin, assistantId: created.body.id, conversationId: conversation.body.id };
      const scratch = mkdtempSync(join(tmpdir(), 'mcp-fs-'));
      try {
        writeFileSync(join(scratch, 'notes.txt'), 'The meeting is on Thursday.');
        const memoryFile = join(scratch, 'memory.jsonl');
        const memory = (
          await h.t
            .http()
            .post('/api/tool-servers')
            .set(admin.auth)
            .send({ name: 'Memory', transport: 'stdio', command: process.execPath, args: [MEMORY], env: { MEMORY_FILE_PATH: memoryFile } })
            .expect(201)
        ).body;
        const files = (
          await h.t
            .http()
            .post('/api/tool-servers')
            .set(admin.auth)
            .send({ name: 'Files', transport: 'stdio', command: process.execPath, args: [FILESYSTEM, scratch] })
            .expect(201)
        ).body;
        const local = (
          await h.t
            .http()
            .post('/api/tool-servers')
            .set(admin.auth)
            .send({ name: 'Local', transport: 'stdio', ...EVERYTHING_STDIO })
            .expect(201)
        ).body;
        expect([memory.status, files.status, local.status]).toEqual(['ok', 'ok', 'ok']);
        await h.t
          .http()
          .put(`/api/assistants/${s.assistantId}/tools`)
          .set(admin.auth)
          .send({
            tools: [
              { serverId: memory.id, name: 'create_entities', approval: 'never' },
              { serverId: files.id, name: 'read_text_file' },
              { serverId: local.id, name: 'get-sum' },
            ],
          })
          .expect(200);
        h.llm.script({
          kind: 'tool-calls',
          calls: [
            { name: 'Memory_create_entities', arguments: { entities: [{ name: 'Thursday meeting', entityType: 'event', observations: ['weekly'] }] } },
            { name: 'Files_read_text_file', arguments: { path: join(scratch, 'notes.txt') } },
            { name: 'Local_get-sum', arguments: { a: 20, b: 22 } },
          ],
        });
        const turn = await sendMessage(h, s, { content: 'Remember the meeting and read my notes' });
        expect((await waitForTask(h, s, turn.taskId)).message.content).toContain('The meeting is on Thursday.');
        const calls = await callsOf(s, turn.assistantMessageId);
        expect(calls.map((c) => [c.server, c.name, c.status])).toEqual([
          ['Memory', 'create_entities', 'done'],
          ['Files', 'read_text_file', 'done'],
          ['Local', 'get-sum', 'done'],
        ]);
        expect(calls[2].result).toMatch(/\b42\b/);
        expect(readFileSync(memoryFile, 'utf8')).toContain('Thursday meeting');
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    });
  });
}
