import type { ToolCallRecord } from '@assistants/adapters';
import { newToolCall, offeredTools, withToolRounds } from './tool.activities';
import type { LinkedTool } from './tool-deps';

const linked = (over: Partial<LinkedTool>): LinkedTool => ({
  serverId: 's1',
  server: 'Everything',
  builtin: null,
  name: 'echo',
  description: 'Echoes back the input',
  inputSchema: { type: 'object', properties: { message: { type: 'string' } } },
  annotations: null,
  approval: 'always',
  ...over,
});

describe('offeredTools', () => {
  it('names functions in OpenAI’s alphabet, uniquely, and takes approval and retries from the link and the annotations', () => {
    const offered = offeredTools([
      linked({ name: 'get sum', annotations: { readOnlyHint: true }, approval: 'never' }),
      linked({ name: 'get-sum', server: 'Everything' }),
      linked({ name: 'write', annotations: { idempotentHint: true } }),
      linked({ serverId: null, server: 'builtin', builtin: 'search_knowledge', name: 'search_knowledge', approval: 'never' }),
    ]);
    expect(offered.map((t) => t.functionName)).toEqual(['Everything_get_sum', 'Everything_get-sum', 'Everything_write', 'search_knowledge']);
    expect(offered.map((t) => [t.needsApproval, t.retryable])).toEqual([
      [false, true],
      [true, false],
      [true, true],
      [false, false],
    ]);
    const clash = offeredTools([linked({ name: 'a b' }), linked({ name: 'a_b' })]);
    expect(clash.map((t) => t.functionName)).toEqual(['Everything_a_b', 'Everything_a_b_2']);
    expect(offeredTools([linked({ server: 'x'.repeat(100) })])[0].functionName.length).toBeLessThanOrEqual(64);
  });
});

describe('newToolCall', () => {
  const offered = offeredTools([linked({}), linked({ name: 'sum', approval: 'never' })]);

  it('awaits approval with a deadline, or runs at once', () => {
    const now = Date.UTC(2026, 11, 7);
    expect(newToolCall({ id: 'c1', name: 'Everything_echo', arguments: '{"message":"hi"}' }, offered, 60_000, now)).toMatchObject({
      status: 'awaiting_approval',
      approvalDeadline: new Date(now + 60_000),
      server: 'Everything',
      name: 'echo',
    });
    expect(newToolCall({ id: 'c2', name: 'Everything_sum', arguments: '' }, offered, 60_000, now)).toMatchObject({ status: 'running', approvalDeadline: null });
  });

  it('fails at once a call of a tool not offered, or with arguments that are not a JSON object', () => {
    expect(newToolCall({ id: 'c', name: 'rm_rf', arguments: '{}' }, offered, 1)).toMatchObject({
      status: 'failed',
      server: 'unknown',
      error: expect.stringContaining('rm_rf'),
    });
    expect(newToolCall({ id: 'c', name: 'Everything_sum', arguments: '{"a":' }, offered, 1)).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('not valid JSON'),
    });
    expect(newToolCall({ id: 'c', name: 'Everything_sum', arguments: '[1,2]' }, offered, 1)).toMatchObject({
      status: 'failed',
      error: 'The arguments must be a JSON object.',
    });
    const huge = newToolCall({ id: 'c', name: 'Everything_sum', arguments: `{"a":"${'x'.repeat(200_000)}"}` }, offered, 1);
    expect(huge).toMatchObject({ status: 'failed', error: expect.stringContaining('longer than') });
    expect(huge.arguments.length).toBe(100_000);
  });
});

describe('withToolRounds', () => {
  const row = (over: Partial<ToolCallRecord>): ToolCallRecord =>
    ({
      round: 0,
      position: 0,
      modelCallId: 'c0',
      roundText: null,
      server: 'Everything',
      name: 'echo',
      arguments: '{}',
      status: 'done',
      result: 'ok',
      error: null,
      ...over,
    }) as ToolCallRecord;

  it('replays each round as the model’s calls followed by their results, failures and rejections in words', () => {
    const offered = offeredTools([linked({})]);
    const messages = withToolRounds(
      [{ role: 'user', content: 'q' }],
      [
        row({ roundText: 'Let me check.', result: 'echo: hi' }),
        row({ position: 1, modelCallId: 'c1', status: 'failed', error: 'timeout' }),
        row({ round: 1, modelCallId: 'c2', status: 'rejected', error: 'Rejected: not now' }),
      ],
      offered,
      true,
    );
    expect(messages).toEqual([
      { role: 'user', content: 'q' },
      {
        role: 'assistant',
        content: 'Let me check.',
        toolCalls: [
          { id: 'c0', name: 'Everything_echo', arguments: '{}' },
          { id: 'c1', name: 'Everything_echo', arguments: '{}' },
        ],
      },
      { role: 'tool', toolCallId: 'c0', content: 'echo: hi' },
      { role: 'tool', toolCallId: 'c1', content: 'The call failed: timeout\nok' },
      { role: 'assistant', content: '', toolCalls: [{ id: 'c2', name: 'Everything_echo', arguments: '{}' }] },
      { role: 'tool', toolCallId: 'c2', content: 'The call was not run. Rejected: not now' },
      { role: 'system', content: expect.stringContaining('answer now') },
    ]);
  });
});
