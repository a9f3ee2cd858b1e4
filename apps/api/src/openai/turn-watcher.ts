import { isTaskEnded } from '@assistants/domain';
import { LocalEventBus } from '@assistants/adapters';
import { type PlatformEvent } from '@assistants/common';
import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';

/**
 * How often the task row is read while waiting, in case live events were lost (e.g. a
 * dropped LISTEN connection). Events end a turn at once; this only bounds a lost one,
 * and stays rare so a thousand open streams do not become a thousand queries a second.
 */
const POLL_MS = 5000;

/**
 * Follows one chat turn through the live event bus (fed by the embedded runner,
 * or by PostgreSQL NOTIFY from Temporal workers). Opened before the turn starts,
 * so no early delta is missed; the database stays the source of truth for the end.
 */
export class TurnWatch {
  private readonly early: PlatformEvent[] = [];
  private target?: { taskId: string; messageId: string; onDelta: (text: string) => void; end: (status: string | null) => void };
  private timer?: NodeJS.Timeout;
  private closed = false;
  private readonly unsubscribe: () => void;

  constructor(
    bus: LocalEventBus,
    private readonly prisma: PrismaService,
    private readonly conversationId: string,
  ) {
    this.unsubscribe = bus.subscribe((event) => this.onEvent(event));
  }

  /**
   * Calls onDelta for every piece of the answer (ones that came before this call first)
   * and resolves with the task's end state, or null if the watch was closed first.
   */
  follow(taskId: string, messageId: string, onDelta: (text: string) => void = () => undefined): Promise<string | null> {
    return new Promise((resolve) => {
      if (this.closed) return resolve(null);
      this.target = { taskId, messageId, onDelta, end: (status) => (resolve(status), this.close()) };
      for (const event of this.early.splice(0)) this.onEvent(event);
      void this.poll();
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe();
    clearTimeout(this.timer);
    this.target?.end(null);
  }

  private onEvent(event: PlatformEvent): void {
    if (this.closed) return;
    const target = this.target;
    if (!target) {
      // Until the turn's ids are known: its task's status events carry no conversation id.
      if (event.type === 'task.status' || ('conversationId' in event && event.conversationId === this.conversationId)) this.early.push(event);
      return;
    }
    if (event.type === 'message.delta' && event.messageId === target.messageId) target.onDelta(event.text);
    if (event.type === 'task.status' && event.taskId === target.taskId && isTaskEnded(event.status)) target.end(event.status);
  }

  private async poll(): Promise<void> {
    if (this.closed || !this.target) return;
    const task = await this.prisma.client.task.findUnique({ where: { id: this.target.taskId }, select: { status: true } }).catch(() => null);
    if (this.closed) return;
    if (task && isTaskEnded(task.status)) return this.target.end(task.status);
    this.timer = setTimeout(() => void this.poll(), POLL_MS);
  }
}

@Injectable()
export class TurnWatcher {
  constructor(
    private readonly bus: LocalEventBus,
    private readonly prisma: PrismaService,
  ) {}

  /** Starts listening for events of a conversation; call before starting the turn. */
  open(conversationId: string): TurnWatch {
    return new TurnWatch(this.bus, this.prisma, conversationId);
  }
}
