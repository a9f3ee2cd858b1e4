import {
  type Caller,
  canSeeSystemPrompt,
  LIVE_CLOSE_CODES,
  type LiveErrorCode,
  type MessageDoneEvent,
  type PlatformEvent,
  type ServerMessage,
  type SubscriptionTarget,
} from '@assistants/common';
import type { AppConfig } from '@assistants/config';
import type { Message } from '@assistants/db';
import { chatTurnWorkflowId } from '@assistants/workflows';
import { LocalEventBus, ToolCallStore, toToolCallView } from '@assistants/adapters';
import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { WebSocket } from 'ws';
import { InjectConfig } from '../config/config.module';
import { toMessageView } from '../conversations/conversation.view';
import { PrismaService } from '../database/prisma.service';
import { LiveFeedStatus } from '../runtime/runtime.module';
import { LiveAccess, refusalOf, topicOf } from './live-access';
import { LiveLimits } from './live-limits';
import { StreamRelay } from './stream-relay';

export interface LiveClient {
  socket: WebSocket;
  caller: Caller;
  topics: Set<string>;
  /** Answered the last ping (or sent something) since the previous heartbeat. */
  alive: boolean;
  /** Closes the socket when its token or key expires (see LiveRevocation). */
  expiry?: NodeJS.Timeout;
}

/** Bounds one socket's memory on the server: subscriptions are cheap, but not free. */
const MAX_SUBSCRIPTIONS = 100;

/** A stored answer with what decides who reads its system prompt. */
const STORED_MESSAGE_INCLUDE = { conversation: { select: { assistant: { select: { ownerId: true, showPromptToUsers: true } } } } } as const;
type StoredMessage = Message & { conversation: { assistant: { ownerId: string; showPromptToUsers: boolean } } };

/**
 * This instance's fan-out: which sockets listen to which conversation, document or assistant,
 * and what each event becomes for them. Events of one conversation are handled strictly in
 * arrival order (a message.done waits for its stored message to load, and what follows waits for it).
 */
@Injectable()
export class LiveService implements OnModuleInit, OnModuleDestroy {
  readonly clients = new Set<LiveClient>();
  private readonly topics = new Map<string, Set<LiveClient>>();
  private readonly chains = new Map<string, Promise<void>>();
  private batch: Array<{ id: string; resolve: (row: StoredMessage | null) => void; reject: (error: unknown) => void }> = [];
  private readonly relay: StreamRelay;
  private stops: Array<() => void> = [];
  private sweeper?: NodeJS.Timeout;
  /** Sockets closed for reading too slowly (see WS_MAX_BUFFERED_BYTES). */
  droppedSlowClients = 0;

  constructor(
    private readonly bus: LocalEventBus,
    private readonly feed: LiveFeedStatus,
    private readonly prisma: PrismaService,
    private readonly access: LiveAccess,
    readonly limits: LiveLimits,
    @InjectConfig() private readonly config: AppConfig,
    private readonly toolCalls: ToolCallStore,
  ) {
    this.relay = new StreamRelay(
      async (id) => {
        const row = await this.prisma.client.message.findUnique({ where: { id }, select: { content: true, status: true } });
        return row && { text: row.content, status: row.status };
      },
      (event) => this.broadcast([`c:${event.conversationId}`], event),
      (conversationId) => !!this.topics.get(`c:${conversationId}`)?.size,
      Date.now,
      (conversationId, work) => this.inOrder(conversationId, work),
    );
  }

  onModuleInit(): void {
    this.stops = [this.bus.subscribe((event) => this.onEvent(event)), this.feed.onChange((up) => this.onFeed(up))];
    this.sweeper = setInterval(() => this.relay.sweep(), 60_000).unref();
  }

  onModuleDestroy(): void {
    for (const stop of this.stops) stop();
    clearInterval(this.sweeper);
  }

  connect(socket: WebSocket, caller: Caller): LiveClient {
    const client: LiveClient = { socket, caller, topics: new Set(), alive: true };
    this.clients.add(client);
    if (!this.feed.available) this.error(client, 'live_unavailable', 'Live updates are interrupted; poll GET /api/tasks/:id until a new "subscribed" arrives.');
    return client;
  }

  disconnect(client: LiveClient): void {
    this.clients.delete(client);
    clearTimeout(client.expiry);
    for (const topic of client.topics) this.detach(client, topic);
  }

  async subscribe(client: LiveClient, target: SubscriptionTarget): Promise<void> {
    const refusal = await this.limits.checkSubscribe(client.caller);
    if (refusal) return this.error(client, refusal.code, refusal.message, target);
    if (client.topics.size >= MAX_SUBSCRIPTIONS && !client.topics.has(topicOf(target))) {
      return this.error(client, 'too_many_subscriptions', `A connection may hold at most ${MAX_SUBSCRIPTIONS} subscriptions.`, target);
    }
    try {
      await this.access.check(client.caller, target);
    } catch (error) {
      const { code, message } = refusalOf(error);
      return this.error(client, code, message, target);
    }
    if (!this.clients.has(client)) return;
    await this.start(client, target);
  }

  /** Closes a socket whose credentials no longer hold; code 4401 tells the client that reconnecting will not help. */
  closeUnauthorized(client: LiveClient, reason: string): void {
    this.disconnect(client);
    client.socket.close(LIVE_CLOSE_CODES.unauthorized, reason.slice(0, 120));
  }

  /** Ends a subscription the client may no longer hold, telling it which and why; the socket stays. */
  drop(client: LiveClient, target: SubscriptionTarget, why: unknown): void {
    const topic = topicOf(target);
    if (!client.topics.has(topic)) return;
    this.detach(client, topic);
    const { code, message } = refusalOf(why);
    this.error(client, code, `The subscription ended: ${message}`, target);
  }

  /** Every socket of the account on this instance: a rare need, so a walk over the clients, not an index. */
  clientsOf(userId: string): LiveClient[] {
    return [...this.clients].filter((client) => client.caller.id === userId);
  }

  subscribersOf(topic: string): LiveClient[] {
    return [...(this.topics.get(topic) ?? [])];
  }

  /** Every topic someone on this instance follows. */
  topicNames(): string[] {
    return [...this.topics.keys()];
  }

  unsubscribe(client: LiveClient, target: SubscriptionTarget): void {
    this.detach(client, topicOf(target));
    this.send(client, JSON.stringify({ type: 'unsubscribed', ...target } satisfies ServerMessage));
  }

  /** Sends a serialized message, or drops a client whose unsent data passed the bound instead of buffering more. */
  send(client: LiveClient, payload: string): void {
    const { socket } = client;
    if (socket.readyState !== WebSocket.OPEN) return;
    if (socket.bufferedAmount > this.config.live.maxBufferedBytes) return this.dropSlow(client);
    socket.send(payload);
  }

  error(client: LiveClient, code: LiveErrorCode, message: string, target?: SubscriptionTarget): void {
    this.send(client, JSON.stringify({ type: 'error', code, message, ...(target && { target }) } satisfies ServerMessage));
  }

  /** Confirms a subscription, then tells what is under way: typing states and snapshots, in event order. */
  async start(client: LiveClient, target: SubscriptionTarget): Promise<void> {
    const topic = topicOf(target);
    if (!('conversationId' in target)) {
      this.attach(client, topic);
      this.send(client, JSON.stringify({ type: 'subscribed', ...target } satisfies ServerMessage));
      return;
    }
    const { conversationId } = target;
    this.inOrder(conversationId, () => {
      // The socket may have closed while earlier events of the conversation were handled.
      if (!this.clients.has(client)) return;
      this.attach(client, topic);
      this.send(client, JSON.stringify({ type: 'subscribed', ...target } satisfies ServerMessage));
      for (const event of this.relay.stateOf(conversationId)) this.send(client, JSON.stringify(event));
    });
    // Answers this instance saw no event of yet (it started later, or nothing streamed since): from the database.
    const streaming = await this.prisma.client.message.findMany({
      where: { conversationId, role: 'assistant', status: 'streaming' },
      select: { id: true, content: true, replyToId: true },
    });
    // A regenerated answer's turn is named after the answer, a first answer's after its question.
    const turns = streaming.length
      ? await this.prisma.client.task.findMany({
          where: { conversationId, assistantMessageId: { in: streaming.map((m) => m.id) } },
          select: { id: true, assistantMessageId: true },
        })
      : [];
    for (const message of streaming) {
      if (this.relay.knows(message.id) || !message.replyToId) continue;
      const taskId = turns.find((t) => t.assistantMessageId === message.id)?.id ?? chatTurnWorkflowId(conversationId, message.replyToId);
      this.inOrder(conversationId, () => {
        for (const event of this.relay.adopt({ taskId, conversationId, messageId: message.id, stage: 'generating' }, message.content)) {
          this.broadcast([topic], event);
        }
      });
    }
  }

  private onEvent(event: PlatformEvent): void {
    switch (event.type) {
      case 'message.snapshot':
        return this.inOrder(event.conversationId, () => this.relay.onSnapshot(event));
      case 'message.delta':
        return this.inOrder(event.conversationId, () => this.relay.onDelta(event));
      case 'typing':
        return this.inOrder(event.conversationId, () => {
          this.relay.onTyping(event);
          this.broadcast([`c:${event.conversationId}`], event);
        });
      case 'message.failed':
        return this.inOrder(event.conversationId, () => {
          this.relay.onEnded(event.messageId);
          this.broadcast([`c:${event.conversationId}`], event);
        });
      case 'message.done':
        return this.inOrder(event.conversationId, async () => {
          this.relay.onEnded(event.messageId);
          const topic = `c:${event.conversationId}`;
          if (!this.topics.get(topic)?.size) return;
          // The stored message is too large for NOTIFY, so it is read here, once per instance that has listeners.
          const row = await this.storedMessage(event.messageId);
          if (!row) return;
          // Its versions (a regenerated answer has siblings), as the message list gives them.
          const siblings = await this.prisma.client.message.findMany({
            where: { conversationId: event.conversationId, parentId: row.parentId, role: row.role },
            select: { id: true },
            orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
          });
          this.broadcastMessage(
            topic,
            event,
            row,
            siblings.map((m) => m.id),
          );
        });
      case 'tool.call':
        return this.inOrder(event.conversationId, async () => {
          const topic = `c:${event.conversationId}`;
          if (!this.topics.get(topic)?.size) return;
          // The event carries the call cut short (NOTIFY's size limit): the whole call is read here.
          const row = await this.toolCalls.find(event.call.id);
          this.broadcast([topic], { ...event, call: row ? toToolCallView(row) : event.call });
        });
      case 'task.status': {
        const topics = [
          event.conversationId && `c:${event.conversationId}`,
          event.documentId && `d:${event.documentId}`,
          event.assistantId && `a:${event.assistantId}`,
        ];
        const send = () =>
          this.broadcast(
            topics.filter((t): t is string => !!t),
            event,
          );
        return event.conversationId ? this.inOrder(event.conversationId, send) : send();
      }
      case 'document.progress':
        return this.broadcast([`d:${event.documentId}`, `a:${event.assistantId}`], event);
    }
  }

  /** The stored answer as each listener may see it: the system prompt only to whom canSeeSystemPrompt allows (at most two serializations). */
  private broadcastMessage(topic: string, event: MessageDoneEvent, row: StoredMessage, versions: string[]): void {
    const payloads = new Map<boolean, string>();
    const payload = (visible: boolean) => {
      if (!payloads.has(visible)) payloads.set(visible, JSON.stringify({ ...event, message: toMessageView(row, visible, versions) } satisfies ServerMessage));
      return payloads.get(visible)!;
    };
    for (const client of this.topics.get(topic) ?? []) this.send(client, payload(canSeeSystemPrompt(row.conversation.assistant, client.caller)));
  }

  /** Loads stored messages in batches: answers that end together (a burst of turns) cost one query. */
  private storedMessage(id: string): Promise<StoredMessage | null> {
    return new Promise((resolve, reject) => {
      this.batch.push({ id, resolve, reject });
      if (this.batch.length > 1) return;
      setImmediate(() => {
        const batch = this.batch.splice(0);
        this.prisma.client.message.findMany({ where: { id: { in: batch.map((b) => b.id) } }, include: STORED_MESSAGE_INCLUDE }).then(
          (rows) => {
            const byId = new Map(rows.map((row) => [row.id, row]));
            for (const b of batch) b.resolve(byId.get(b.id) ?? null);
          },
          (error) => batch.forEach((b) => b.reject(error)),
        );
      });
    });
  }

  /** Redis (or the PostgreSQL listener) went away or came back. */
  private onFeed(up: boolean): void {
    if (!up) {
      for (const client of this.clients)
        this.error(client, 'live_unavailable', 'Live updates are interrupted; poll GET /api/tasks/:id until a new "subscribed" arrives.');
      return;
    }
    // Events were missed meanwhile: forget what this instance relayed. LiveRevocation then checks every
    // socket and subscription (a word of revocation may have been among them) and starts them afresh.
    this.relay.clear();
  }

  /** One serialization per event, one send per listening socket (a socket on two matching topics gets it once). */
  private broadcast(topics: string[], event: ServerMessage): void {
    const listeners = topics.length === 1 ? this.topics.get(topics[0]) : new Set(topics.flatMap((t) => [...(this.topics.get(t) ?? [])]));
    if (!listeners?.size) return;
    const payload = JSON.stringify(event);
    for (const client of listeners) this.send(client, payload);
  }

  /** Runs work for a conversation after everything queued before it; synchronously when nothing is queued. */
  private inOrder(conversationId: string, work: () => void | Promise<void>): void {
    const queued = this.chains.get(conversationId);
    let result: Promise<void>;
    if (queued) {
      result = queued.then(work);
    } else {
      let outcome: void | Promise<void>;
      try {
        outcome = work();
      } catch {
        return;
      }
      if (!outcome) return;
      result = outcome;
    }
    const tail: Promise<void> = result
      .catch(() => undefined)
      .then(() => {
        if (this.chains.get(conversationId) === tail) this.chains.delete(conversationId);
      });
    this.chains.set(conversationId, tail);
  }

  private attach(client: LiveClient, topic: string): void {
    client.topics.add(topic);
    let set = this.topics.get(topic);
    if (!set) this.topics.set(topic, (set = new Set()));
    set.add(client);
  }

  private detach(client: LiveClient, topic: string): void {
    client.topics.delete(topic);
    const set = this.topics.get(topic);
    if (!set) return;
    set.delete(client);
    if (!set.size) this.topics.delete(topic);
  }

  private dropSlow(client: LiveClient): void {
    this.droppedSlowClients++;
    this.disconnect(client);
    client.socket.close(LIVE_CLOSE_CODES.tooSlow, 'Client too slow: unsent events passed the limit; reconnect and resubscribe.');
    // The close frame waits behind the unsent data; a client that reads nothing is cut off.
    setTimeout(() => client.socket.terminate(), 2000).unref();
  }
}
