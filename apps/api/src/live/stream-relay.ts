import type { MessageDeltaEvent, MessageSnapshotEvent, TypingEvent, TypingStage } from '@assistants/common';

/** The partial answer as saved for pollers: its length is the seq of the last delta it contains. */
export interface SavedPartial {
  text: string;
  status: string;
}

interface Stream {
  taskId: string;
  conversationId: string;
  messageId: string;
  text: string;
  seq: number;
  /** False while this instance has a hole in the text (joined late, or events were lost). */
  synced: boolean;
  /** Deltas received while not synced, applied once the saved partial catches up. */
  pending: MessageDeltaEvent[];
  loading: boolean;
  attempts: number;
  touched: number;
}

const RESYNC_DELAYS_MS = [0, 50, 100, 200, 300, 500, 800, 1000, 1000, 1000, 1000, 1000];
/** A stream whose done/failed event never came (lost while Redis was down) is forgotten after this. */
const IDLE_MS = 5 * 60_000;

/**
 * What one API instance knows of the answers being written: per message the text and seq it has
 * relayed, built from the events it receives. A client subscribing mid-answer gets a snapshot
 * from here, then only later deltas, so it holds the whole text once. When this instance missed
 * the start (it joined late, or events were lost), it fills the hole from the partial text saved
 * in the database (whose length is its seq) plus the deltas received since, then sends a snapshot.
 */
export class StreamRelay {
  private readonly streams = new Map<string, Stream>();
  private readonly typing = new Map<string, TypingEvent>();
  /** Messages that ended recently: a late database read must not bring their stream back. */
  private readonly ended = new Map<string, number>();

  constructor(
    private readonly loadPartial: (messageId: string) => Promise<SavedPartial | null>,
    /** Sends a snapshot or delta to the conversation's subscribers on this instance. */
    private readonly emit: (event: MessageSnapshotEvent | MessageDeltaEvent) => void,
    /** Whether anyone here listens to the conversation: only then is a late-joined stream worth a database read. */
    private readonly wanted: (conversationId: string) => boolean,
    private readonly now: () => number = Date.now,
    /** Runs a late merge in the conversation's event order (the owner serializes per conversation). */
    private readonly inOrder: (conversationId: string, work: () => void) => void = (_, work) => work(),
  ) {}

  /** The producer (re)started the answer: its snapshot is the new truth. */
  onSnapshot(event: MessageSnapshotEvent): void {
    this.ended.delete(event.messageId);
    this.streams.set(event.messageId, {
      ...this.identity(event),
      text: event.text,
      seq: event.seq,
      synced: true,
      pending: [],
      loading: false,
      attempts: 0,
      touched: this.now(),
    });
    this.emit(event);
  }

  onDelta(event: MessageDeltaEvent): void {
    let stream = this.streams.get(event.messageId);
    if (!stream) {
      if (!this.wanted(event.conversationId) || this.ended.has(event.messageId)) return;
      stream = { ...this.identity(event), text: '', seq: 0, synced: false, pending: [event], loading: false, attempts: 0, touched: this.now() };
      this.streams.set(event.messageId, stream);
      this.resync(stream);
      return;
    }
    stream.touched = this.now();
    if (!stream.synced) {
      stream.pending.push(event);
      return;
    }
    if (event.seq <= stream.seq) return; // a duplicate
    if (event.seq - event.text.length === stream.seq) {
      stream.text += event.text;
      stream.seq = event.seq;
      this.emit(event);
      return;
    }
    stream.synced = false;
    stream.pending = [event];
    stream.attempts = 0;
    this.resync(stream);
  }

  onTyping(event: TypingEvent): void {
    if (event.state === 'start') this.typing.set(event.messageId, event);
    else this.typing.delete(event.messageId);
  }

  /** The answer is stored or failed: nothing more to relay. */
  onEnded(messageId: string): void {
    this.streams.delete(messageId);
    this.typing.delete(messageId);
    this.ended.set(messageId, this.now());
  }

  /** What a new subscriber of the conversation is told at once: typing states, then snapshots of synced streams. */
  stateOf(conversationId: string): Array<TypingEvent | MessageSnapshotEvent> {
    const out: Array<TypingEvent | MessageSnapshotEvent> = [];
    for (const typing of this.typing.values()) if (typing.conversationId === conversationId) out.push(typing);
    for (const s of this.streams.values()) {
      if (s.conversationId === conversationId && s.synced) out.push(this.snapshot(s));
    }
    return out;
  }

  knows(messageId: string): boolean {
    return this.streams.has(messageId) || this.ended.has(messageId);
  }

  /**
   * A message the database says is streaming but this instance has no stream for (it missed the
   * start): adopt the saved partial. Returns the typing and snapshot to send, or nothing when the
   * message is known (its events arrived meanwhile) or already ended.
   */
  adopt(ref: { taskId: string; conversationId: string; messageId: string; stage: TypingStage }, partial: string): Array<TypingEvent | MessageSnapshotEvent> {
    if (this.knows(ref.messageId)) return [];
    const stream: Stream = {
      taskId: ref.taskId,
      conversationId: ref.conversationId,
      messageId: ref.messageId,
      text: partial,
      seq: partial.length,
      synced: true,
      pending: [],
      loading: false,
      attempts: 0,
      touched: this.now(),
    };
    this.streams.set(ref.messageId, stream);
    const typing: TypingEvent = {
      type: 'typing',
      taskId: ref.taskId,
      conversationId: ref.conversationId,
      messageId: ref.messageId,
      state: 'start',
      stage: ref.stage,
    };
    if (!this.typing.has(ref.messageId)) this.typing.set(ref.messageId, typing);
    return [this.typing.get(ref.messageId)!, this.snapshot(stream)];
  }

  /** Forgets streams and ended marks nobody touched for a while; call now and then. */
  sweep(): void {
    const limit = this.now() - IDLE_MS;
    for (const [id, s] of this.streams) if (s.touched < limit) this.streams.delete(id);
    for (const [id, at] of this.ended) if (at < limit) this.ended.delete(id);
    for (const [id] of this.typing) if (!this.streams.has(id) && this.ended.has(id)) this.typing.delete(id);
  }

  /** Forgets everything (events were missed): streams are rebuilt from the database as they are needed. */
  clear(): void {
    this.streams.clear();
    this.typing.clear();
  }

  get size(): number {
    return this.streams.size;
  }

  private resync(stream: Stream): void {
    if (stream.loading) return;
    const delay = RESYNC_DELAYS_MS[stream.attempts];
    if (delay === undefined) {
      // The saved text never caught up: stop relaying; message.done brings the whole answer.
      this.streams.delete(stream.messageId);
      return;
    }
    stream.loading = true;
    stream.attempts++;
    setTimeout(() => {
      this.loadPartial(stream.messageId)
        .catch(() => null)
        .then((saved) => this.inOrder(stream.conversationId, () => this.merge(stream, saved)))
        // A timer's rejection has no one to catch it: unheard, it would end the process.
        .catch(() => undefined);
    }, delay).unref();
  }

  private merge(stream: Stream, saved: SavedPartial | null): void {
    stream.loading = false;
    if (this.streams.get(stream.messageId) !== stream || stream.synced) return;
    if (!saved || saved.status !== 'streaming') {
      // Stored, failed or gone: its done/failed event carries the outcome.
      this.streams.delete(stream.messageId);
      return;
    }
    let text = saved.text;
    const pending = stream.pending.sort((a, b) => a.seq - b.seq);
    let i = 0;
    for (; i < pending.length; i++) {
      const delta = pending[i];
      if (delta.seq <= text.length) continue;
      if (delta.seq - delta.text.length !== text.length) break;
      text += delta.text;
    }
    if (i < pending.length) {
      // The saved text is older than the first delta we hold: it is written again within a flush interval.
      stream.pending = pending.slice(i);
      this.resync(stream);
      return;
    }
    Object.assign(stream, { text, seq: text.length, synced: true, pending: [], attempts: 0 });
    this.emit(this.snapshot(stream));
  }

  private identity(event: { taskId: string; conversationId: string; messageId: string }) {
    return { taskId: event.taskId, conversationId: event.conversationId, messageId: event.messageId };
  }

  private snapshot(s: Stream): MessageSnapshotEvent {
    return { type: 'message.snapshot', taskId: s.taskId, conversationId: s.conversationId, messageId: s.messageId, seq: s.seq, text: s.text };
  }
}
