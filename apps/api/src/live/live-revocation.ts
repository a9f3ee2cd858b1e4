import { LocalEventBus } from '@assistants/adapters';
import type { AccessChangedEvent } from '@assistants/common';
import { HttpException, Injectable, Logger, type OnModuleDestroy, type OnModuleInit, UnauthorizedException } from '@nestjs/common';
import { AuthService } from '../auth/auth.service';
import { PrismaService } from '../database/prisma.service';
import { LiveFeedStatus } from '../runtime/runtime.module';
import { LiveAccess, targetOf } from './live-access';
import { type LiveClient, LiveService } from './live.service';

/** setTimeout holds at most about 24.8 days; a later expiry is waited for in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Revocation reaching open sockets, which make no requests to be refused: when an account's
 * credentials or rights change, or a conversation or assistant is deleted or made private (an
 * access.changed from any instance), after an outage of the events channel (such a word may have
 * been lost meanwhile), and when a socket's token or key expires. Credentials that no longer hold
 * close the socket (4401); a subscription no longer allowed ends with an error naming it.
 */
@Injectable()
export class LiveRevocation implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(LiveRevocation.name);
  private stops: Array<() => void> = [];

  constructor(
    private readonly bus: LocalEventBus,
    private readonly feed: LiveFeedStatus,
    private readonly prisma: PrismaService,
    private readonly auth: AuthService,
    private readonly access: LiveAccess,
    private readonly live: LiveService,
  ) {}

  onModuleInit(): void {
    this.stops = [
      this.bus.subscribe((event) => {
        if (event.type === 'access.changed') this.run(this.onAccessChanged(event));
      }),
      this.feed.onChange((up) => {
        if (up) this.run(this.afterOutage());
      }),
    ];
  }

  onModuleDestroy(): void {
    for (const stop of this.stops) stop();
  }

  /** Closes the socket when its token or key expires, though the client may send nothing by then. */
  watchExpiry(client: LiveClient): void {
    const { expiresAt } = client.caller;
    if (expiresAt === undefined) return;
    const due = () => (Date.now() >= expiresAt ? this.run(this.recheckClients([client])) : this.watchExpiry(client));
    client.expiry = setTimeout(due, Math.min(Math.max(expiresAt - Date.now(), 0), MAX_TIMER_MS)).unref();
  }

  /** Credentials (one query for all the clients), then every subscription of the clients still allowed. */
  async recheckClients(clients: LiveClient[]): Promise<void> {
    const valid = await this.checkCredentials(clients);
    await Promise.all(valid.map((client) => this.recheckSubscriptions(client)));
  }

  /** Every subscription of one client, by its caller as it is now (after a role change, say). */
  async recheckSubscriptions(client: LiveClient, restart = false): Promise<void> {
    await Promise.all([...client.topics].map((topic) => this.checkSubscription(client, topic, restart)));
  }

  private async onAccessChanged(event: AccessChangedEvent): Promise<void> {
    if (event.userId) await this.recheckClients(this.live.clientsOf(event.userId));
    const topics = [
      ...(event.conversationId ? [`c:${event.conversationId}`] : []),
      ...(event.assistantId ? await this.topicsOfAssistant(event.assistantId) : []),
    ];
    await Promise.all(topics.flatMap((topic) => this.live.subscribersOf(topic).map((client) => this.checkSubscription(client, topic))));
  }

  /** Any access.changed may have been lost while the channel was down: every socket is checked, and its subscriptions start afresh. */
  private async afterOutage(): Promise<void> {
    const clients = [...this.live.clients];
    const valid = await this.checkCredentials(clients).catch((error) => {
      // Still start what was allowed before: each client's next message checks its credentials again.
      this.logger.warn(`could not check the sockets' credentials after the outage: ${(error as Error).message}`);
      return clients;
    });
    await Promise.all(valid.map((client) => this.recheckSubscriptions(client, true)));
  }

  /** Closes (4401) the sockets whose credentials no longer hold, refreshes the others' callers (role, scopes) and returns those. */
  private async checkCredentials(clients: LiveClient[]): Promise<LiveClient[]> {
    if (!clients.length) return [];
    const answers = await this.auth.recheckMany(clients.map((client) => client.caller));
    return clients.filter((client, i) => {
      const answer = answers[i];
      if (answer instanceof UnauthorizedException) this.live.closeUnauthorized(client, answer.message);
      else client.caller = answer;
      return !(answer instanceof UnauthorizedException) && this.live.clients.has(client);
    });
  }

  /** One subscription, by the REST rules: dropped with an error when no longer allowed, else (after an outage) started afresh. */
  private async checkSubscription(client: LiveClient, topic: string, restart = false): Promise<void> {
    const target = targetOf(topic);
    try {
      await this.access.check(client.caller, target);
    } catch (error) {
      if (error instanceof HttpException) return this.live.drop(client, target, error);
      // A check that could not be made (the database away) keeps what was allowed; the client's next message checks again.
      this.logger.warn(`could not check a subscription again: ${(error as Error).message}`);
    }
    if (restart && client.topics.has(topic)) await this.live.start(client, target);
  }

  /** This instance's subscriptions an assistant's change concerns: to it, and to its conversations and documents, or ones gone with it. */
  private async topicsOfAssistant(assistantId: string): Promise<string[]> {
    const ids = (prefix: string) =>
      this.live
        .topicNames()
        .filter((topic) => topic.startsWith(prefix))
        .map((topic) => topic.slice(2));
    const [conversations, documents] = [ids('c:'), ids('d:')];
    const [conversationRows, documentRows] = await Promise.all([
      conversations.length ? this.prisma.client.conversation.findMany({ where: { id: { in: conversations } }, select: { id: true, assistantId: true } }) : [],
      documents.length ? this.prisma.client.knowledgeDocument.findMany({ where: { id: { in: documents } }, select: { id: true, assistantId: true } }) : [],
    ]);
    const concerned = (prefix: string, wanted: string[], rows: Array<{ id: string; assistantId: string }>) => {
      const assistantOf = new Map(rows.map((row) => [row.id, row.assistantId]));
      return wanted.filter((id) => (assistantOf.get(id) ?? assistantId) === assistantId).map((id) => `${prefix}${id}`);
    };
    return [`a:${assistantId}`, ...concerned('c:', conversations, conversationRows), ...concerned('d:', documents, documentRows)];
  }

  private run(work: Promise<void>): void {
    work.catch((error) => this.logger.warn(`could not check the open sockets again: ${(error as Error).message}`));
  }
}
