import { applyStreamEvent, type MessageDeltaEvent, type MessageSnapshotEvent, type StreamedText } from '@assistants/common';
import { type SavedPartial, StreamRelay } from './stream-relay';

const ids = { taskId: 't', conversationId: 'c', messageId: 'm' };
const pieces = ['Hello', ' there', ', how', ' are', ' you', ' today', '?'];
/** The deltas a producer publishes for `pieces`: seq is the text's length after each. */
const deltas: MessageDeltaEvent[] = pieces.map((text, i) => ({
  type: 'message.delta',
  ...ids,
  text,
  seq: pieces.slice(0, i + 1).join('').length,
  emittedAt: 0,
}));
const upTo = (n: number) => pieces.slice(0, n).join('');
const tick = () => new Promise((r) => setTimeout(r, 5));

function setup(saved: () => SavedPartial | null) {
  const emitted: Array<MessageSnapshotEvent | MessageDeltaEvent> = [];
  const relay = new StreamRelay(
    async () => saved(),
    (e) => emitted.push(e),
    () => true,
  );
  /** What a client that applied every emitted event holds. */
  const held = () =>
    emitted.reduce<StreamedText | undefined>((h, e) => {
      const next = applyStreamEvent(h, e);
      if (next === 'gap') throw new Error('gap');
      return next;
    }, undefined);
  return { relay, emitted, held };
}

describe('StreamRelay', () => {
  it('relays a stream it saw from the start and gives a late subscriber snapshot then only later deltas', () => {
    const { relay, emitted } = setup(() => null);
    relay.onSnapshot({ type: 'message.snapshot', ...ids, seq: 0, text: '' });
    deltas.slice(0, 3).forEach((d) => relay.onDelta(d));
    const [snapshot] = relay.stateOf('c') as MessageSnapshotEvent[];
    expect(snapshot).toMatchObject({ type: 'message.snapshot', text: upTo(3), seq: upTo(3).length });
    relay.onDelta(deltas[2]); // a duplicate is dropped
    deltas.slice(3).forEach((d) => relay.onDelta(d));
    const later = emitted.filter((e) => e.type === 'message.delta' && e.seq > snapshot.seq) as MessageDeltaEvent[];
    expect(snapshot.text + later.map((d) => d.text).join('')).toBe(upTo(7));
    expect(emitted.filter((e) => e.type === 'message.delta')).toHaveLength(7);
  });

  it('fills a hole from the saved partial plus the deltas held since, then snapshots', async () => {
    let saved: SavedPartial = { text: upTo(1), status: 'streaming' };
    const { relay, emitted, held } = setup(() => saved);
    relay.onDelta(deltas[3]); // joined late: the first delta it sees is the fourth
    relay.onDelta(deltas[4]);
    await tick();
    expect(emitted).toHaveLength(0); // the saved text (1 piece) is older than what it holds: wait for the next flush
    saved = { text: upTo(3), status: 'streaming' };
    await new Promise((r) => setTimeout(r, 80));
    expect(emitted).toEqual([{ type: 'message.snapshot', ...ids, text: upTo(5), seq: upTo(5).length }]);
    relay.onDelta(deltas[5]);
    relay.onDelta(deltas[6]);
    expect(held()).toEqual({ text: upTo(7), seq: upTo(7).length });
  });

  it('resyncs after a lost delta instead of relaying a text with a hole', async () => {
    const { relay, emitted, held } = setup(() => ({ text: upTo(4), status: 'streaming' }));
    relay.onSnapshot({ type: 'message.snapshot', ...ids, seq: 0, text: '' });
    relay.onDelta(deltas[0]);
    relay.onDelta(deltas[2]); // deltas[1] was lost on the way
    relay.onDelta(deltas[3]);
    relay.onDelta(deltas[4]);
    await tick();
    expect(held()).toEqual({ text: upTo(5), seq: upTo(5).length });
    expect(emitted.at(-1)).toMatchObject({ type: 'message.snapshot', text: upTo(5) });
  });

  it('adopts a stream from the database once, and never after the message ended', () => {
    const { relay } = setup(() => null);
    const ref = { ...ids, stage: 'generating' as const };
    expect(relay.adopt(ref, upTo(2))).toEqual([
      { type: 'typing', ...ids, state: 'start', stage: 'generating' },
      { type: 'message.snapshot', ...ids, text: upTo(2), seq: upTo(2).length },
    ]);
    expect(relay.adopt(ref, upTo(2))).toEqual([]);
    relay.onEnded('m');
    expect(relay.adopt(ref, upTo(3))).toEqual([]);
    expect(relay.stateOf('c')).toEqual([]);
  });

  it('drops a late-joined stream when the database says the answer is no longer streaming', async () => {
    const { relay, emitted } = setup(() => ({ text: upTo(7), status: 'done' }));
    relay.onDelta(deltas[5]);
    await tick();
    expect(emitted).toEqual([]);
    expect(relay.size).toBe(0);
  });
});
