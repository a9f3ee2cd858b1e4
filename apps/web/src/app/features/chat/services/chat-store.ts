import { DestroyRef, Injectable, computed, effect, inject, signal, untracked } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { applyStreamEvent, type MessageView, type ServerMessage, type StreamedText, type TaskView } from '@assistants/common';
import { firstValueFrom } from 'rxjs';
import { errorMessage } from '../../../core/api/api-error';
import { LiveService } from '../../../core/live/live.service';
import { ChatApiService, taskIdOf, type TemplateSelection } from './chat-api.service';

/** How often to ask GET /api/tasks/:id for a running answer while live updates are down. */
export const POLL_INTERVAL_MS = 1500;

const isRunning = (message: MessageView) => message.role === 'assistant' && (message.status === 'pending' || message.status === 'streaming');
const isFinished = (message: MessageView | undefined) => message?.status === 'done' || message?.status === 'failed' || message?.status === 'cancelled';

/**
 * The open conversation: its messages, the answers streaming in (snapshot/delta assembled with
 * applyStreamEvent), the typing state, and polling when the socket cannot deliver. One per chat page.
 */
@Injectable()
export class ChatStore {
  private readonly api = inject(ChatApiService);
  private readonly live = inject(LiveService);
  private pollTimer: ReturnType<typeof setInterval> | null = null;

  readonly conversationId = signal<string | null>(null);
  readonly messages = signal<MessageView[]>([]);
  /** Text streamed so far per answer id, until the stored message arrives. */
  readonly streams = signal<Record<string, StreamedText>>({});
  /** The answer the assistant is preparing and has not yet sent a token of. */
  readonly typingFor = signal<string | null>(null);
  readonly loading = signal(false);
  readonly error = signal<string | null>(null);
  readonly running = computed(() => this.messages().some(isRunning));
  readonly polling = computed(() => this.running() && this.live.degraded());

  constructor() {
    this.live.events.pipe(takeUntilDestroyed()).subscribe((event) => this.handle(event));
    effect(() => (this.polling() ? untracked(() => this.startPolling()) : this.stopPolling()));
    inject(DestroyRef).onDestroy(() => {
      this.stopPolling();
      this.leave();
    });
  }

  /** The text to show for a message: the streamed text while it streams. */
  textOf(message: MessageView): string {
    return this.streams()[message.id]?.text ?? message.content;
  }

  async open(conversationId: string | null): Promise<void> {
    this.leave();
    this.conversationId.set(conversationId);
    this.messages.set([]);
    this.streams.set({});
    this.typingFor.set(null);
    this.error.set(null);
    if (!conversationId) return;
    this.live.subscribe({ conversationId });
    await this.reload();
  }

  async reload(): Promise<void> {
    const conversationId = this.conversationId();
    if (!conversationId) return;
    this.loading.set(true);
    try {
      const messages = await firstValueFrom(this.api.messages(conversationId));
      if (this.conversationId() !== conversationId) return;
      this.messages.set(messages);
      const waiting = messages.find((m) => isRunning(m) && !m.content);
      this.typingFor.set(waiting?.id ?? null);
    } catch (error) {
      this.error.set(errorMessage(error));
    } finally {
      this.loading.set(false);
    }
  }

  /** Sends a question into the open conversation; the answer's row shows as typing at once. */
  async send(conversationId: string, content: string, template?: TemplateSelection): Promise<void> {
    this.error.set(null);
    const turn = await firstValueFrom(this.api.send(conversationId, content, template));
    if (this.conversationId() !== conversationId) return;
    const placeholder: MessageView = {
      ...turn.userMessage,
      id: turn.assistantMessageId,
      role: 'assistant',
      content: '',
      status: 'pending',
      replyToId: turn.userMessage.id,
    };
    // Events may have come before this answer did: never replace what they brought.
    const known = this.messages().find((m) => m.id === placeholder.id);
    this.messages.update((list) => {
      const withQuestion = upsert(list, turn.userMessage);
      return known ? withQuestion : [...withQuestion, placeholder];
    });
    if ((!known || isRunning(known)) && !this.streams()[placeholder.id]?.text) this.typingFor.set(placeholder.id);
  }

  async stop(message: MessageView): Promise<void> {
    const taskId = taskIdOf(message);
    if (!taskId) return;
    try {
      this.apply(await firstValueFrom(this.api.cancel(taskId)));
    } catch (error) {
      this.error.set(errorMessage(error));
    }
  }

  async retry(message: MessageView): Promise<void> {
    const taskId = taskIdOf(message);
    if (!taskId) return;
    const before = this.messages().find((m) => m.id === message.id) ?? message;
    // Running before the request goes: the new run's first events may come before its answer.
    this.patch(message.id, { status: 'pending', content: '', error: null });
    this.dropStream(message.id);
    this.typingFor.set(message.id);
    try {
      await firstValueFrom(this.api.retry(taskId));
    } catch (error) {
      this.patch(message.id, { status: before.status, content: before.content, error: before.error });
      if (this.typingFor() === message.id) this.typingFor.set(null);
      this.error.set(errorMessage(error));
    }
  }

  /** Rates an answer; without `comment` the earlier comment is kept (sent again), an empty one removes it. */
  async rate(message: MessageView, rating: number, comment?: string): Promise<void> {
    const feedback = comment ?? this.messages().find((m) => m.id === message.id)?.feedback ?? null;
    try {
      await firstValueFrom(this.api.rate(message.id, rating, feedback));
      this.patch(message.id, { rating, feedback: feedback || null });
    } catch (error) {
      this.error.set(errorMessage(error));
    }
  }

  private find(id: string): MessageView | undefined {
    return this.messages().find((m) => m.id === id);
  }

  /** Applies one live event of the open conversation. */
  handle(event: ServerMessage): void {
    if (!('conversationId' in event) || event.conversationId !== this.conversationId() || !('messageId' in event)) return;
    switch (event.type) {
      case 'typing':
        // A new run of a finished answer (a retry from another tab): running again.
        if (event.state === 'start' && isFinished(this.find(event.messageId))) this.patch(event.messageId, { status: 'pending', content: '', error: null });
        if (event.state === 'start' && !this.streams()[event.messageId]?.text) this.typingFor.set(event.messageId);
        if (event.state === 'stop' && this.typingFor() === event.messageId) this.typingFor.set(null);
        return;
      case 'message.snapshot':
      case 'message.delta': {
        // Sent before the answer ended (stopped, failed) but delivered after: it must not make it run again.
        if (isFinished(this.find(event.messageId))) return;
        const next = applyStreamEvent(this.streams()[event.messageId], event);
        if (next === 'gap') {
          void this.reload();
          return;
        }
        this.streams.update((all) => ({ ...all, [event.messageId]: next }));
        if (next.text && this.typingFor() === event.messageId) this.typingFor.set(null);
        if (next.text) this.patch(event.messageId, { status: 'streaming' });
        return;
      }
      case 'message.done':
        this.messages.update((list) => upsert(list, event.message));
        this.finish(event.messageId);
        return;
      case 'message.failed':
        this.patch(event.messageId, { status: event.status, error: event.reason, content: this.streams()[event.messageId]?.text ?? '' });
        this.finish(event.messageId);
        return;
    }
  }

  private apply(task: TaskView): void {
    const message = task.message;
    if (!message) return;
    if (isRunning(message)) {
      // A view read before the answer ended (the reply to Stop, a poll) comes after its end event: the end stands.
      if (isFinished(this.find(message.id))) return;
      if (message.content) {
        const held = this.streams()[message.id];
        if (!held || held.seq < message.content.length)
          this.streams.update((all) => ({ ...all, [message.id]: { text: message.content, seq: message.content.length } }));
        if (this.typingFor() === message.id) this.typingFor.set(null);
      }
      this.patch(message.id, { status: message.status });
      return;
    }
    this.messages.update((list) => upsert(list, message));
    this.finish(message.id);
  }

  private finish(messageId: string): void {
    this.dropStream(messageId);
    if (this.typingFor() === messageId) this.typingFor.set(null);
  }

  private dropStream(messageId: string): void {
    this.streams.update(({ [messageId]: _, ...rest }) => rest);
  }

  private patch(messageId: string, change: Partial<MessageView>): void {
    this.messages.update((list) => list.map((m) => (m.id === messageId ? { ...m, ...change } : m)));
  }

  private startPolling(): void {
    if (this.pollTimer) return;
    this.pollTimer = setInterval(() => void this.poll(), POLL_INTERVAL_MS);
  }

  private stopPolling(): void {
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = null;
  }

  private async poll(): Promise<void> {
    for (const message of this.messages().filter(isRunning)) {
      const taskId = taskIdOf(message);
      if (!taskId) continue;
      try {
        this.apply(await firstValueFrom(this.api.task(taskId)));
      } catch {
        // The next tick tries again; the banner already says the connection is poor.
      }
    }
  }

  private leave(): void {
    const current = this.conversationId();
    if (current) this.live.unsubscribe({ conversationId: current });
  }
}

function upsert(list: MessageView[], message: MessageView): MessageView[] {
  const index = list.findIndex((m) => m.id === message.id);
  if (index < 0) return [...list, message];
  const copy = [...list];
  copy[index] = message;
  return copy;
}
