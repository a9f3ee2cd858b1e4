import type { ToolCallView } from '@assistants/common';
import { type ChatHarness, createChatSetup, sendMessage, startChatHarness, waitForTask } from '../support/chat-harness';
import { startEverythingOverHttp, type RunningMcpServer } from '../support/mcp-servers';

// A call nobody approves counts as rejected once TOOL_APPROVAL_TIMEOUT passes (a durable timer on
// Temporal, a timer on the embedded runner), and the model is told so.
describe.each(['embedded', 'temporal'] as const)('a tool call nobody approves (%s runner)', (runner) => {
  let h: ChatHarness;
  let everything: RunningMcpServer;
  beforeAll(async () => {
    everything = await startEverythingOverHttp();
    h = await startChatHarness(runner, { TOOLS_ALLOW_PRIVATE_NETWORKS: 'true', TOOL_APPROVAL_TIMEOUT: '2s' });
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    await everything?.stop();
  });

  it('is rejected when its time for approval runs out, and the turn answers', async () => {
    const s = await createChatSetup(h);
    const server = (
      await h.t.http().post('/api/tool-servers').set(s.user.auth).send({ name: 'Everything', transport: 'http', url: everything.url }).expect(201)
    ).body;
    await h.t
      .http()
      .put(`/api/assistants/${s.assistantId}/tools`)
      .set(s.user.auth)
      .send({ tools: [{ serverId: server.id, name: 'echo', approval: 'always' }] })
      .expect(200);
    h.llm.script({ kind: 'tool-calls', calls: [{ name: 'Everything_echo', arguments: { message: 'too late' } }] });
    const turn = await sendMessage(h, s, { content: 'Echo, if someone approves' });
    const task = await waitForTask(h, s, turn.taskId, undefined, 30_000);
    expect(task).toMatchObject({ status: 'done', message: { content: 'From the tools: The call was not run. Nobody approved the call in time.' } });
    const items = (await h.t.http().get(`/api/conversations/${s.conversationId}/messages`).set(s.user.auth).expect(200)).body.items as any[];
    const [call] = items.find((m) => m.id === turn.assistantMessageId).toolCalls as ToolCallView[];
    expect(call).toMatchObject({ status: 'rejected', error: 'Nobody approved the call in time.', approvedBy: null, approvalDeadline: null });
    await h.t.http().post(`/api/tool-calls/${call.id}/approve`).set(s.user.auth).expect(409);
  });
});
