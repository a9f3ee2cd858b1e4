import type { AssistantToolsView, ToolServerView } from '@assistants/common';
import { builtinLink, defaultApproval, hintsOf, linksOf, parseRounds, requestOf, serverLink, toolRowsOf } from './tool-links';

const server = (tools: ToolServerView['tools']): ToolServerView => ({
  id: 's1',
  name: 'files',
  ownerId: 'u1',
  transport: 'http',
  url: 'http://mcp.local/mcp',
  headers: {},
  command: null,
  args: [],
  env: {},
  shared: false,
  status: 'ok',
  tools,
  refreshedAt: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});
const tool = (name: string, annotations: Record<string, unknown> | null = null) => ({ name, description: null, inputSchema: {}, annotations });

describe('tool links', () => {
  it('builds the PUT body: a default approval is left out, a built-in goes by its name only', () => {
    const links = [
      { ...serverLink('s1', 'read'), approval: 'never' as const },
      serverLink('s2', '*'),
      { ...builtinLink('search_knowledge'), approval: 'always' as const },
    ];
    expect(requestOf(links, 7)).toEqual({
      tools: [
        { serverId: 's1', name: 'read', approval: 'never' },
        { serverId: 's2', name: '*' },
        { builtin: 'search_knowledge', approval: 'always' },
      ],
      maxToolRounds: 7,
    });
  });

  it('reads the stored links back, a default the server filled in staying "default"', () => {
    const view: AssistantToolsView = {
      tools: [
        { serverId: 's1', server: 'files', builtin: null, name: 'read', approval: 'never', approvalIsDefault: true },
        { serverId: 's1', server: 'files', builtin: null, name: 'delete', approval: 'never', approvalIsDefault: false },
        { serverId: null, server: null, builtin: 'search_knowledge', name: 'search_knowledge', approval: 'never', approvalIsDefault: true },
      ],
      maxToolRounds: 5,
    };
    const links = linksOf(view);
    expect(links.map((l) => l.approval)).toEqual(['default', 'never', 'default']);
    expect(requestOf(links, view.maxToolRounds).tools).toEqual([
      { serverId: 's1', name: 'read' },
      { serverId: 's1', name: 'delete', approval: 'never' },
      { builtin: 'search_knowledge' },
    ]);
  });

  it('accepts whole rounds from 1 to 20 only', () => {
    expect(['1', '20', ' 5 '].map(parseRounds)).toEqual([1, 20, 5]);
    expect(['0', '21', '2.5', '', 'x'].map(parseRounds)).toEqual([null, null, null, null, null]);
  });

  it('says what the default approval is, by the hints, as the server decides it', () => {
    const s = server([tool('read', { readOnlyHint: true }), tool('write', { destructiveHint: true })]);
    expect(defaultApproval(serverLink('s1', 'read'), s)).toBe('never');
    expect(defaultApproval(serverLink('s1', 'write'), s)).toBe('always');
    expect(defaultApproval(serverLink('s1', '*'), s)).toBe('always');
    expect(defaultApproval(serverLink('s1', '*'), server([tool('read', { readOnlyHint: true })]))).toBe('never');
    expect(hintsOf(tool('write', { destructiveHint: true, title: 'Write a file' }))).toEqual({ readOnly: false, destructive: true, title: 'Write a file' });
  });

  it('lists a linked tool the server no longer offers, after the ones it lists', () => {
    const s = server([tool('read')]);
    const rows = toolRowsOf(s, [serverLink('s1', 'gone'), serverLink('s1', 'read')], () => 'always');
    expect(rows.map((r) => [r.name, r.missing, !!r.link])).toEqual([
      ['read', false, true],
      ['gone', true, true],
    ]);
  });
});
