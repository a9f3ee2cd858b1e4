import { TestBed } from '@angular/core/testing';
import { provideHttpClient } from '@angular/common/http';
import type { MessageView, ToolCallView } from '@assistants/common';
import { provideTranslateService } from '@ngx-translate/core';
import { MessageItem } from './message-item';
import { messageView } from '../testing/message-view';

const message = (over: Partial<MessageView>): MessageView => messageView(over);

const call = (): ToolCallView => ({
  id: 't1',
  messageId: 'm1',
  server: 'files',
  name: 'read',
  arguments: '{}',
  status: 'running',
  result: null,
  error: null,
  durationMs: null,
  needsApproval: false,
  approvedBy: null,
  approvedAt: null,
  approvalDeadline: null,
  createdAt: '2026-01-01T00:00:00.000Z',
});

async function show(view: MessageView, text: string, typing = false, tools: { toolCalls?: ToolCallView[]; callingTool?: string } = {}) {
  TestBed.configureTestingModule({ providers: [provideHttpClient(), provideTranslateService()] });
  const fixture = TestBed.createComponent(MessageItem);
  fixture.componentRef.setInput('message', view);
  fixture.componentRef.setInput('text', text);
  fixture.componentRef.setInput('typing', typing);
  if (tools.toolCalls) fixture.componentRef.setInput('toolCalls', tools.toolCalls);
  if (tools.callingTool) fixture.componentRef.setInput('callingTool', tools.callingTool);
  await fixture.whenStable();
  return fixture.nativeElement as HTMLElement;
}

describe('MessageItem', () => {
  it("shows a question's HTML as text", async () => {
    const question = '<b>bold</b><img src=x onerror="window.__xss=1">';
    const element = await show(message({ content: question }), question);
    expect(element.querySelector('.plain')?.textContent).toBe(question);
    expect(element.querySelector('b, img')).toBeNull();
  });

  it('renders an answer as sanitised markdown with its processing time', async () => {
    const answer = '**Yes** <img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
    const element = await show(message({ role: 'assistant', replyToId: 'q', processingTimeMs: 1234 }), answer);
    expect(element.querySelector('.markdown strong')?.textContent).toBe('Yes');
    expect(element.querySelector('[onerror], script')).toBeNull();
    expect(element.textContent).toContain('chat.processing'); // no dictionary loaded here: the key shows
    expect(element.querySelectorAll('button.star')).toHaveLength(5);
  });

  it('says the assistant is typing instead of an empty answer', async () => {
    const element = await show(message({ role: 'assistant', status: 'pending', replyToId: 'q' }), '', true);
    expect(element.querySelector('.typing')).not.toBeNull();
    expect(element.querySelector('.markdown')).toBeNull();
  });

  it('shows the tool calls above the answer and names the tool being called', async () => {
    const element = await show(message({ role: 'assistant', status: 'streaming', replyToId: 'q' }), 'Let me look.', false, {
      toolCalls: [call()],
      callingTool: 'files/read',
    });
    expect(element.querySelector('app-tool-call-card h3')!.textContent!.trim()).toBe('files/read');
    expect(element.querySelector('.markdown')!.textContent).toContain('Let me look.');
    expect(element.querySelector('.typing')!.textContent).toContain('chat.tools.calling');
  });

  it('says the turn waits for approval while a call waits for it', async () => {
    const waiting = { ...call(), status: 'awaiting_approval' as const, needsApproval: true };
    // The turn names no tool until it runs one: the waiting call itself tells.
    const element = await show(message({ role: 'assistant', status: 'pending', replyToId: 'q' }), '', true, { toolCalls: [waiting] });
    expect(element.querySelector('.typing')!.textContent).toContain('chat.tools.waiting');
    expect(element.querySelector('.markdown')).toBeNull();
  });
});
