import { DestroyRef, Injectable, computed, effect, inject, signal, untracked } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { applyStreamEvent, type ConversationView, type MessageView, type StreamedText, type TaskView, type ToolCallView } from '@assistants/common';
import { firstValueFrom } from 'rxjs';
import { errorMessage } from '../../../core/api/api-error';
import { LiveService, type LiveMessage } from '../../../core/live/live.service';
import { ChatApiService, taskIdOf, type TemplateSelection } from './chat-api.service';
import { isFinishedCall, mergeToolCalls, toolLabel } from './tool-calls';

/** How often to ask GET /api/tasks/:id for a running answer while live updates are down. */
export const POLL_INTERVAL_MS = 1500;

const isRunning = (message: MessageView) => message.role === 'assistant' && (message.status === 'pending' || message.status === 'streaming');
const isFinished = (message: MessageView | undefined) => message?.status === 'done' || message?.status === 'failed' || message?.status === 'cancelled';

/**
 * The open conversation: its messages, the answers streaming in (snapshot/delta assembled with
 * applyStreamEvent), their tool calls as they change, the typing state, and polling when the socket
 * cannot deliver. One per chat page.
 */
@Injectable()
export class ChatStore {
  private readonly api = inject(ChatApiService);
  private readonly live = inject(LiveService);
  private pollTimer: ReturnType<typeof setInterval> | null = null;

  readonly conversationId = signal<string | null>(null);
  /** The open conversation itself: whose it is decides who may approve its tool calls. */
  readonly conversation = signal<ConversationView | null>(null);
  readonly messages = signal<MessageView[]>([]);
  /** Text streamed so far per answer id, until the stored message arrives. */
  readonly streams = signal<Record<string, StreamedText>>({});
  /** The answer the assistant is preparing and has not yet sent a token of. */
  readonly typingFor = signal<string | null>(null);
  /** Tool calls per answer id as `tool.call` events brought them, until they are folded into the stored message. */
  readonly liveCalls = signal<Record<string, ToolCallView[]>>({});
  /** The tool the typing line names ("server/name"), while an answer's turn is calling it. */
  readonly toolRunning = signal<{ messageId: string; tool: string } | null>(null);
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

  /** Every tool call of an answer, each in the furthest state known from the stored message and the events. */
  toolCallsOf(message: MessageView): ToolCallView[] {
    // `?? []`: a server from before tool calling sends messages without the field.
    return mergeToolCalls(message.toolCalls ?? [], this.liveCalls()[message.id] ?? []);
  }

  /**
   * What the typing line of a running answer names: the tool the typing event said it calls (unless
   * that tool's latest call has ended since), else a call still running (after a reload).
   */
  callingToolOf(message: MessageView): string | null {
    const calls = this.toolCallsOf(message);
    const running = this.toolRunning();
    if (running?.messageId === message.id) {
      const latest = calls.filter((c) => toolLabel(c) === running.tool).pop();
      if (!latest || !isFinishedCall(latest)) return running.tool;
    }
    if (!isRunning(message)) return null;
    const call = calls.filter((c) => c.status === 'running').pop();
    return call ? toolLabel(call) : null;
  }

  /** `known`: the conversation just created, so it need not be read again. */
  async open(conversationId: string | null, known?: ConversationView): Promise<void> {
    this.leave();
    this.conversationId.set(conversationId);
    this.conversation.set(known?.id === conversationId ? known : null);
    this.messages.set([]);
    this.streams.set({});
    this.liveCalls.set({});
    this.typingFor.set(null);
    this.toolRunning.set(null);
    this.error.set(null);
    if (!conversationId) return;
    this.live.subscribe({ conversationId });
    await Promise.all([this.reload(), this.conversation() ? null : this.loadConversation(conversationId)]);
  }

  /** A tool call's new state, from a live event or the answer to an approval; an older state than the one held is ignored. */
  applyToolCall(call: ToolCallView): void {
    this.liveCalls.update((all) => ({ ...all, [call.messageId]: mergeToolCalls(all[call.messageId] ?? [], [call]) }));
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

  /**
   * Sends a question into the open conversation; the answer's row shows as typing at once.
   * `editOf`: edit and resend, the question it replaces; the branch shown ends before that question.
   */
  async send(conversationId: string, content: string, template?: TemplateSelection, editOf?: string): Promise<void> {
    this.error.set(null);
    const turn = await firstValueFrom(this.api.send(conversationId, content, template, editOf));
    if (this.conversationId() !== conversationId) return;
    if (editOf) this.cutBranchAt(editOf);
    this.showPending(turn.userMessage, turn.assistantMessageId, [turn.assistantMessageId]);
  }

  /** A new version of this answer; the conversation shown ends with it, the earlier one is a version. */
  async regenerate(answer: MessageView): Promise<void> {
    const conversationId = this.conversationId();
    if (!conversationId) return;
    this.error.set(null);
    try {
      const turn = await firstValueFrom(this.api.regenerate(conversationId, answer.id));
      if (this.conversationId() !== conversationId) return;
      this.cutBranchAt(answer.id);
      this.showPending(turn.userMessage, turn.assistantMessageId, [...(answer.versions ?? [answer.id]), turn.assistantMessageId]);
    } catch (error) {
      this.error.set(errorMessage(error));
    }
  }

  /** Shows another version of a message: the server moves the branch, the list is read again. */
  async chooseVersion(messageId: string): Promise<void> {
    const conversationId = this.conversationId();
    if (!conversationId) return;
    try {
      await firstValueFrom(this.api.chooseVersion(conversationId, messageId));
      await this.reload();
    } catch (error) {
      this.error.set(errorMessage(error));
    }
  }

  /** Drops the message `id` and what follows it from the list shown (a new version takes its place). */
  private cutBranchAt(id: string): void {
    this.messages.update((list) => {
      const index = list.findIndex((m) => m.id === id);
      return index < 0 ? list : list.slice(0, index);
    });
  }

  private showPending(question: MessageView, answerId: string, versions: string[]): void {
    const placeholder: MessageView = {
      ...question,
      id: answerId,
      role: 'assistant',
      content: '',
      status: 'pending',
      replyToId: question.id,
      parentId: question.id,
      versions,
    };
    // Events may have come before this answer did: never replace what they brought.
    const known = this.messages().find((m) => m.id === placeholder.id);
    this.messages.update((list) => {
      const withQuestion = upsert(list, question);
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
    this.restart(message.id);
    this.typingFor.set(message.id);
    try {
      await firstValueFrom(this.api.retry(taskId));
    } catch (error) {
      this.patch(message.id, { status: before.status, content: before.content, error: before.error, toolCalls: before.toolCalls });
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
  handle(event: LiveMessage): void {
    if (!('conversationId' in event) || event.conversationId !== this.conversationId() || !('messageId' in event)) return;
    switch (event.type) {
      case 'typing':
        // A new run of a finished answer (a retry from another tab): running again.
        if (event.state === 'start' && isFinished(this.find(event.messageId))) this.restart(event.messageId);
        if (event.state === 'start' && !this.streams()[event.messageId]?.text) this.typingFor.set(event.messageId);
        if (event.state === 'stop' && this.typingFor() === event.messageId) this.typingFor.set(null);
        if (event.state === 'start' && event.stage === 'calling_tool' && event.tool) this.toolRunning.set({ messageId: event.messageId, tool: event.tool });
        else if (this.toolRunning()?.messageId === event.messageId) this.toolRunning.set(null);
        return;
      case 'tool.call':
        this.applyToolCall(event.call);
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
        this.patch(event.messageId, {
          status: event.status,
          error: event.reason,
          errorCode: event.errorCode ?? null,
          errorParams: event.errorParams ?? null,
          content: this.streams()[event.messageId]?.text ?? '',
        });
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
      // Polled while live updates are down: the calls the server has stored so far (approval buttons need them).
      this.patch(message.id, { status: message.status, toolCalls: mergeToolCalls(this.find(message.id)?.toolCalls ?? [], message.toolCalls) });
      return;
    }
    this.messages.update((list) => upsert(list, message));
    this.finish(message.id);
  }

  private finish(messageId: string): void {
    this.dropStream(messageId);
    if (this.typingFor() === messageId) this.typingFor.set(null);
    if (this.toolRunning()?.messageId === messageId) this.toolRunning.set(null);
    // The calls as events left them stay with the answer (a failed one's end brings no stored message).
    const message = this.find(messageId);
    if (message) this.patch(messageId, { toolCalls: this.toolCallsOf(message) });
    this.liveCalls.update(({ [messageId]: _, ...rest }) => rest);
  }

  /** An answer runs again (a retry): its text and its calls start over. */
  private restart(messageId: string): void {
    this.patch(messageId, { status: 'pending', content: '', error: null, toolCalls: [] });
    this.dropStream(messageId);
    this.liveCalls.update(({ [messageId]: _, ...rest }) => rest);
    if (this.toolRunning()?.messageId === messageId) this.toolRunning.set(null);
  }

  private async loadConversation(conversationId: string): Promise<void> {
    try {
      const conversation = await firstValueFrom(this.api.conversation(conversationId));
      if (this.conversationId() === conversationId) this.conversation.set(conversation);
    } catch (error) {
      // The messages' own request says the same when the conversation is gone: one message is enough.
      if (this.conversationId() === conversationId && !this.error()) this.error.set(errorMessage(error));
    }
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
  // A view read without its siblings (a polled task) keeps the versions known.
  const versions = (message.versions?.length ?? 0) < (list[index].versions?.length ?? 0) ? list[index].versions : message.versions;
  copy[index] = { ...message, versions };
  return copy;
}
