import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { MessageView, ToolCallView } from '@assistants/common';
import { Subject } from 'rxjs';
import { signal } from '@angular/core';
import { LiveService, type LiveMessage } from '../../../core/live/live.service';
import { ChatStore } from './chat-store';
import { taskIdOf } from './chat-api.service';
import { messageView } from '../testing/message-view';

const message = (over: Partial<MessageView>): MessageView =>
  messageView({ id: 'a1', role: 'assistant', status: 'pending', replyToId: 'q1', parentId: 'q1', ...over });
const base = { taskId: 'chat-c1-q1', conversationId: 'c1', messageId: 'a1' };
const call = (over: Partial<ToolCallView>): ToolCallView => ({
  id: 't1',
  messageId: 'a1',
  server: 'files',
  name: 'read',
  arguments: '{"path":"a.txt"}',
  status: 'running',
  result: null,
  error: null,
  durationMs: null,
  needsApproval: false,
  approvedBy: null,
  approvedAt: null,
  approvalDeadline: null,
  createdAt: '2026-01-01T00:00:01.000Z',
  ...over,
});

describe('ChatStore', () => {
  let events: Subject<LiveMessage>;
  let http: HttpTestingController;
  let store: ChatStore;
  const degraded = signal(false);

  beforeEach(async () => {
    events = new Subject();
    TestBed.configureTestingModule({
      providers: [
        ChatStore,
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: LiveService, useValue: { events, degraded, subscribe: vi.fn(), unsubscribe: vi.fn() } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    store = TestBed.inject(ChatStore);
    const opening = store.open('c1');
    http
      .expectOne((r) => r.url === '/api/conversations/c1/messages')
      .flush({ items: [message({}), message({ id: 'q1', role: 'user', content: 'Hi?', status: 'done', replyToId: null })], nextCursor: null });
    http.expectOne('/api/conversations/c1').flush({ id: 'c1', userId: 'u1' });
    await opening;
  });

  const text = () => store.textOf(store.messages().find((m) => m.id === 'a1')!);

  it('shows typing from the turn start until the first token, then assembles the stream in order', () => {
    expect(store.messages().map((m) => m.id)).toEqual(['q1', 'a1']); // newest-first page, shown oldest first
    events.next({ type: 'typing', ...base, state: 'start', stage: 'retrieving' });
    expect(store.typingFor()).toBe('a1');
    events.next({ type: 'message.snapshot', ...base, seq: 0, text: '' });
    expect(store.typingFor()).toBe('a1'); // an empty snapshot is not a token
    events.next({ type: 'message.delta', ...base, seq: 5, text: 'Hello', emittedAt: 1 });
    expect(store.typingFor()).toBeNull();
    events.next({ type: 'message.delta', ...base, seq: 5, text: 'Hello', emittedAt: 2 }); // duplicate
    events.next({ type: 'message.delta', ...base, seq: 12, text: ', world', emittedAt: 3 });
    expect(text()).toBe('Hello, world');
    expect(store.running()).toBe(true);

    events.next({ type: 'message.done', ...base, message: message({ content: 'Hello, world!', status: 'done', processingTimeMs: 900 }) });
    expect(text()).toBe('Hello, world!');
    expect(store.streams()).toEqual({});
    expect(store.running()).toBe(false);
  });

  it('a snapshot after a reconnect replaces what was held', () => {
    events.next({ type: 'message.delta', ...base, seq: 3, text: 'abc', emittedAt: 1 });
    events.next({ type: 'message.snapshot', ...base, seq: 6, text: 'abcdef' });
    expect(text()).toBe('abcdef');
  });

  it('reloads the messages when a delta leaves a gap', () => {
    events.next({ type: 'message.delta', ...base, seq: 3, text: 'abc', emittedAt: 1 });
    events.next({ type: 'message.delta', ...base, seq: 10, text: 'xyz', emittedAt: 2 });
    http
      .expectOne((r) => r.url === '/api/conversations/c1/messages')
      .flush({ items: [message({ content: 'abcdefghij', status: 'streaming' })], nextCursor: null });
    expect(text()).toBe('abc'); // the held stream stays until the next event or done
  });

  it('ignores events of other conversations and marks failures', () => {
    events.next({ type: 'message.delta', ...base, conversationId: 'other', seq: 3, text: 'abc', emittedAt: 1 });
    expect(text()).toBe('');
    events.next({ type: 'message.failed', ...base, status: 'failed', reason: 'The model refused.', errorCode: 'chat.provider_refused', errorParams: null });
    const failed = store.messages().find((m) => m.id === 'a1')!;
    expect(failed.status).toBe('failed');
    expect(failed.error).toBe('The model refused.');
    // Its code, for the message to say it in the reader's language.
    expect(failed.errorCode).toBe('chat.provider_refused');
  });

  it('keeps a stopped answer stopped when the reply to Stop or a late delta comes after the end, and runs again on retry', async () => {
    events.next({ type: 'message.delta', ...base, seq: 3, text: 'one', emittedAt: 1 });
    const stopping = store.stop(store.messages().find((m) => m.id === 'a1')!);
    events.next({ type: 'message.failed', ...base, status: 'cancelled', reason: 'Stopped by the user.' });
    events.next({ type: 'message.delta', ...base, seq: 7, text: ' two', emittedAt: 2 });
    // Read while the cancel was on its way: still streaming in that view.
    http.expectOne('/api/tasks/chat-c1-q1/cancel').flush({ id: 'chat-c1-q1', status: 'generating', message: message({ content: 'one', status: 'streaming' }) });
    await stopping;
    const stopped = () => store.messages().find((m) => m.id === 'a1')!;
    expect(stopped().status).toBe('cancelled');
    expect(store.running()).toBe(false);

    const retrying = store.retry(stopped());
    expect(stopped().status).toBe('pending');
    events.next({ type: 'message.delta', ...base, seq: 6, text: 'Second', emittedAt: 3 });
    http.expectOne('/api/tasks/chat-c1-q1/retry').flush({ id: 'chat-c1-q1', status: 'queued', message: message({ status: 'pending' }) });
    await retrying;
    expect(text()).toBe('Second');
    expect(stopped().status).toBe('streaming');
  });

  it('polls the task while live updates are down', async () => {
    vi.useFakeTimers();
    try {
      degraded.set(true);
      TestBed.tick();
      vi.advanceTimersByTime(1500);
      http.expectOne('/api/tasks/chat-c1-q1').flush({ id: 'chat-c1-q1', status: 'generating', message: message({ content: 'Part', status: 'streaming' }) });
      await vi.advanceTimersByTimeAsync(0);
      expect(text()).toBe('Part');
      vi.advanceTimersByTime(1500);
      http.expectOne('/api/tasks/chat-c1-q1').flush({ id: 'chat-c1-q1', status: 'done', message: message({ content: 'Part two.', status: 'done' }) });
      await vi.advanceTimersByTimeAsync(0);
      expect(text()).toBe('Part two.');
      expect(store.running()).toBe(false);
    } finally {
      degraded.set(false);
      vi.useRealTimers();
    }
  });
  describe('tool calls', () => {
    const answer = () => store.messages().find((m) => m.id === 'a1')!;
    const calls = () => store.toolCallsOf(answer());

    it('shows each call as its events come and names the tool on the typing line', () => {
      events.next({ type: 'typing', ...base, state: 'start', stage: 'calling_tool', tool: 'files/read' });
      expect(store.callingToolOf(answer())).toBe('files/read');
      expect(store.typingFor()).toBe('a1');
      events.next({ type: 'tool.call', ...base, call: call({ status: 'awaiting_approval', needsApproval: true }) });
      events.next({ type: 'tool.call', ...base, call: call({ id: 't2', name: 'list', createdAt: '2026-01-01T00:00:02.000Z' }) });
      expect(calls().map((c) => [c.id, c.status])).toEqual([
        ['t1', 'awaiting_approval'],
        ['t2', 'running'],
      ]);
      events.next({ type: 'tool.call', ...base, call: call({ status: 'done', result: 'hello', durationMs: 40, needsApproval: true }) });
      expect(calls()[0]).toMatchObject({ status: 'done', result: 'hello' });
      // The model writes again: the typing line stops naming the tool.
      events.next({ type: 'typing', ...base, state: 'start', stage: 'generating' });
      expect(store.callingToolOf(answer())).toBe('files/list'); // t2 still runs, as the calls say
      events.next({
        type: 'tool.call',
        ...base,
        call: call({ id: 't2', name: 'list', status: 'failed', error: 'No such folder.', createdAt: '2026-01-01T00:00:02.000Z' }),
      });
      expect(store.callingToolOf(answer())).toBeNull();
    });

    it('keeps the newer state when an event for an older one comes late', () => {
      events.next({ type: 'tool.call', ...base, call: call({ status: 'done', result: 'ok', durationMs: 12 }) });
      events.next({ type: 'tool.call', ...base, call: call({ status: 'running' }) });
      events.next({ type: 'tool.call', ...base, call: call({ status: 'awaiting_approval' }) });
      expect(calls()).toHaveLength(1);
      expect(calls()[0]).toMatchObject({ status: 'done', result: 'ok', durationMs: 12 });
      // The answer to an approval that lost the race to the events does not move it back either.
      store.applyToolCall(call({ status: 'running', approvedBy: 'u1' }));
      expect(calls()[0].status).toBe('done');
    });

    it('keeps a rejected call rejected when the running state of an approval arrives after it', () => {
      events.next({ type: 'tool.call', ...base, call: call({ status: 'awaiting_approval', needsApproval: true }) });
      events.next({ type: 'tool.call', ...base, call: call({ status: 'rejected', needsApproval: true }) });
      events.next({ type: 'tool.call', ...base, call: call({ status: 'running', needsApproval: true }) });
      expect(calls()[0].status).toBe('rejected');
    });

    it('ignores calls of other conversations and keeps calls across a reload of older messages', async () => {
      events.next({ type: 'tool.call', ...base, conversationId: 'other', call: call({}) });
      expect(calls()).toEqual([]);
      events.next({ type: 'tool.call', ...base, call: call({ status: 'done', result: 'ok' }) });
      const reloading = store.reload();
      // Read a moment before the call ended.
      http
        .expectOne((r) => r.url === '/api/conversations/c1/messages')
        .flush({ items: [message({ status: 'streaming', toolCalls: [call({ status: 'running' })] })], nextCursor: null });
      await reloading;
      expect(calls()).toHaveLength(1);
      expect(calls()[0].status).toBe('done');
    });

    it('keeps the calls with an answer that failed, and takes the stored ones of a done answer', () => {
      events.next({ type: 'tool.call', ...base, call: call({ status: 'failed', error: 'Timed out.' }) });
      events.next({ type: 'message.failed', ...base, status: 'failed', reason: 'The model gave up.' });
      expect(answer().toolCalls.map((c) => c.status)).toEqual(['failed']);
      expect(store.liveCalls()).toEqual({});
    });

    it('a late event after the stored answer does not undo its calls', () => {
      const stored = call({ status: 'done', result: 'ok' });
      events.next({ type: 'message.done', ...base, message: message({ status: 'done', content: 'Done.', toolCalls: [stored] }) });
      events.next({ type: 'tool.call', ...base, call: call({ status: 'running' }) });
      expect(calls().map((c) => c.status)).toEqual(['done']);
    });

    it('shows the calls stored with messages after a reload, a running one on the typing line', async () => {
      const reopening = store.open('c1');
      http
        .expectOne((r) => r.url === '/api/conversations/c1/messages')
        .flush({ items: [message({ status: 'streaming', toolCalls: [call({ status: 'running' })] })], nextCursor: null });
      http.expectOne('/api/conversations/c1').flush({ id: 'c1', userId: 'u2' });
      await reopening;
      expect(store.conversation()?.userId).toBe('u2');
      expect(calls().map((c) => c.status)).toEqual(['running']);
      expect(store.callingToolOf(answer())).toBe('files/read');
    });

    it('stops naming the tool once a reload shows its call ended (a decision that came too late)', async () => {
      events.next({ type: 'typing', ...base, state: 'start', stage: 'calling_tool', tool: 'files/read' });
      events.next({ type: 'tool.call', ...base, call: call({ status: 'awaiting_approval', needsApproval: true }) });
      expect(store.callingToolOf(answer())).toBe('files/read');
      const reloading = store.reload();
      http
        .expectOne((r) => r.url === '/api/conversations/c1/messages')
        .flush({ items: [message({ status: 'pending', toolCalls: [call({ status: 'rejected', needsApproval: true })] })], nextCursor: null });
      await reloading;
      expect(calls()[0].status).toBe('rejected');
      expect(store.callingToolOf(answer())).toBeNull();
    });

    it('a retry starts the answer’s calls over', async () => {
      events.next({ type: 'tool.call', ...base, call: call({ status: 'done' }) });
      events.next({ type: 'message.failed', ...base, status: 'failed', reason: 'x' });
      const retrying = store.retry(answer());
      expect(calls()).toEqual([]);
      http.expectOne('/api/tasks/chat-c1-q1/retry').flush({ id: 'chat-c1-q1', status: 'queued', message: message({}) });
      await retrying;
      expect(calls()).toEqual([]);
    });

    it('takes the calls from a polled task while live updates are down', async () => {
      vi.useFakeTimers();
      try {
        degraded.set(true);
        TestBed.tick();
        vi.advanceTimersByTime(1500);
        http
          .expectOne('/api/tasks/chat-c1-q1')
          .flush({ id: 'chat-c1-q1', status: 'generating', message: message({ status: 'streaming', toolCalls: [call({ status: 'awaiting_approval' })] }) });
        await vi.advanceTimersByTimeAsync(0);
        expect(calls().map((c) => c.status)).toEqual(['awaiting_approval']);
      } finally {
        degraded.set(false);
        vi.useRealTimers();
      }
    });
  });

  describe('versions (regenerate, edit and resend)', () => {
    const turn = (question: MessageView, answerId: string) => ({
      taskId: `chat-c1-${answerId}`,
      status: 'queued',
      conversationId: 'c1',
      userMessage: question,
      assistantMessageId: answerId,
      created: true,
      links: { task: '', messages: '' },
    });
    const question = message({ id: 'q1', role: 'user', content: 'Hi?', status: 'done', replyToId: null, parentId: null, versions: ['q1'] });

    it('regenerates: the new answer takes the old one’s place as its next version, and its task is named after it', async () => {
      store.messages.update((list) => list.map((m) => (m.id === 'a1' ? { ...m, status: 'done', content: 'Hello', versions: ['a1'] } : m)));
      const regenerating = store.regenerate(store.messages().find((m) => m.id === 'a1')!);
      const req = http.expectOne('/api/conversations/c1/messages/a1/regenerate');
      expect(req.request.method).toBe('POST');
      req.flush(turn(question, 'a2'));
      await regenerating;
      const answer = store.messages().at(-1)!;
      expect(store.messages().map((m) => m.id)).toEqual(['q1', 'a2']);
      expect(answer).toMatchObject({ status: 'pending', versions: ['a1', 'a2'], replyToId: 'q1' });
      expect(taskIdOf(answer)).toBe('chat-c1-a2');
      expect(taskIdOf({ ...answer, id: 'a1' })).toBe('chat-c1-q1');
      expect(store.typingFor()).toBe('a2');
    });

    it('edits and resends: the question and what followed it leave the list, the edited one and its answer come', async () => {
      const sending = store.send('c1', 'Hello?', {}, 'q1');
      const req = http.expectOne('/api/conversations/c1/messages');
      expect(req.request.body).toMatchObject({ content: 'Hello?', editOf: 'q1' });
      req.flush(turn({ ...question, id: 'q2', content: 'Hello?', versions: ['q1', 'q2'] }, 'a2'));
      await sending;
      expect(store.messages().map((m) => [m.id, m.role])).toEqual([
        ['q2', 'user'],
        ['a2', 'assistant'],
      ]);
    });

    it('chooses a version: the server moves the branch, the list is read again', async () => {
      const choosing = store.chooseVersion('a0');
      const req = http.expectOne('/api/conversations/c1/branch');
      expect(req.request.method).toBe('PUT');
      expect(req.request.body).toEqual({ messageId: 'a0' });
      req.flush(null);
      await Promise.resolve();
      http
        .expectOne((r) => r.url === '/api/conversations/c1/messages')
        .flush({ items: [message({ id: 'a0', status: 'done', content: 'Old' }), question], nextCursor: null });
      await choosing;
      expect(store.messages().map((m) => m.content)).toEqual(['Hi?', 'Old']);
    });
  });
});
