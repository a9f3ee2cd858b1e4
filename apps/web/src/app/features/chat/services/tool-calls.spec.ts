import type { ToolCallView } from '@assistants/common';
import { mergeToolCalls, momentLabel, prettyJson, supersedes } from './tool-calls';

const call = (id: string, status: ToolCallView['status'], createdAt = '2026-01-01T00:00:00.000Z'): ToolCallView => ({
  id,
  messageId: 'a1',
  server: 's',
  name: 'n',
  arguments: '{}',
  status,
  result: null,
  error: null,
  durationMs: null,
  needsApproval: false,
  approvedBy: null,
  approvedAt: null,
  approvalDeadline: null,
  createdAt,
});

describe('tool calls', () => {
  it('only moves a call forward: awaiting approval, running, then an end', () => {
    expect(supersedes(call('1', 'running'), call('1', 'awaiting_approval'))).toBe(true);
    expect(supersedes(call('1', 'done'), call('1', 'running'))).toBe(true);
    expect(supersedes(call('1', 'rejected'), call('1', 'awaiting_approval'))).toBe(true);
    expect(supersedes(call('1', 'running'), call('1', 'done'))).toBe(false);
    expect(supersedes(call('1', 'awaiting_approval'), call('1', 'rejected'))).toBe(false);
    expect(supersedes(call('1', 'running'), call('1', 'running'))).toBe(true);
  });

  it('merges two sources by id, in the order the calls were made', () => {
    const merged = mergeToolCalls(
      [call('b', 'done', '2026-01-01T00:00:02.000Z'), call('a', 'running', '2026-01-01T00:00:01.000Z')],
      [call('a', 'done', '2026-01-01T00:00:01.000Z'), call('b', 'running', '2026-01-01T00:00:02.000Z'), call('c', 'running', '2026-01-01T00:00:03.000Z')],
    );
    expect(merged.map((c) => [c.id, c.status])).toEqual([
      ['a', 'done'],
      ['b', 'done'],
      ['c', 'running'],
    ]);
  });

  it('indents valid JSON and leaves anything else as written', () => {
    expect(prettyJson('{"a":1,"b":[2]}')).toBe('{\n  "a": 1,\n  "b": [\n    2\n  ]\n}');
    expect(prettyJson('{"a":')).toBe('{"a":');
  });

  it('dates a moment that is not today, so a deadline a day away does not read as one just passed', () => {
    const now = new Date(2026, 0, 1, 14, 48);
    // (Spaces folded: some ICU versions put a narrow no-break space before AM/PM.)
    const label = (at: Date, locale = 'en-US') => momentLabel(at.toISOString(), locale, now)?.replace(/\s/g, ' ');
    expect(label(new Date(2026, 0, 1, 9, 5))).toBe('09:05 AM');
    expect(label(new Date(2026, 0, 2, 14, 48))).toBe('Jan 2, 02:48 PM');
    expect(label(new Date(2025, 11, 31, 23, 59))).toBe('Dec 31, 2025, 11:59 PM');
    expect(label(new Date(2026, 0, 2, 14, 48), 'ru')).toBe('2 янв., 14:48');
    expect(momentLabel(null, 'en-US', now)).toBeNull();
    expect(momentLabel('not a date', 'en-US', now)).toBeNull();
  });
});
