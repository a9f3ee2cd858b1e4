import type { ToolCallStatus, ToolCallView } from '@assistants/common';

/**
 * How far on a call is: a call only moves forward (awaiting approval → running → an end, or
 * awaiting approval → rejected). The view carries no update time, so this order is what tells a
 * late event (or a page of messages read a moment ago) from a newer one.
 */
const PROGRESS: Record<ToolCallStatus, number> = { awaiting_approval: 0, running: 1, done: 2, failed: 2, rejected: 2 };

export const isFinishedCall = (call: ToolCallView): boolean => PROGRESS[call.status] === 2;

/** Whether `incoming` may replace `held`: it is at least as far on (the same state again carries the same or fuller fields). */
export function supersedes(incoming: ToolCallView, held: ToolCallView): boolean {
  return PROGRESS[incoming.status] >= PROGRESS[held.status];
}

/** The calls of one answer from two sources, each call in its furthest state, in the order they were made. */
export function mergeToolCalls(held: readonly ToolCallView[], incoming: readonly ToolCallView[]): ToolCallView[] {
  if (!incoming.length) return [...held];
  const byId = new Map(held.map((call) => [call.id, call]));
  for (const call of incoming) {
    const current = byId.get(call.id);
    if (!current || supersedes(call, current)) byId.set(call.id, call);
  }
  // Stable: calls made in the same millisecond keep the order they arrived in.
  return [...byId.values()].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
}

/** The name people see: "server/name", as the typing line and the model's request name it. */
export const toolLabel = (call: Pick<ToolCallView, 'server' | 'name'>): string => `${call.server}/${call.name}`;

/** Arguments as the model wrote them, indented when they are valid JSON (else exactly as written). */
export function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/**
 * A moment of a call as people read it: the time alone when it is today, else with its date (and
 * its year when not this one). A deadline is a day away by default, so the time alone would read
 * as one already passed.
 */
export function momentLabel(iso: string | null, locale: string, now = new Date()): string | null {
  if (!iso) return null;
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return null;
  const time = { hour: '2-digit', minute: '2-digit' } as const;
  if (at.toDateString() === now.toDateString()) return at.toLocaleTimeString(locale, time);
  const year = at.getFullYear() === now.getFullYear() ? {} : ({ year: 'numeric' } as const);
  return at.toLocaleString(locale, { ...year, month: 'short', day: 'numeric', ...time });
}
