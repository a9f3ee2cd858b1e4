import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { ToolCallView } from '@assistants/common';
import { provideTranslateService } from '@ngx-translate/core';
import { errorInterceptor } from '../../../core/api/interceptors';
import { settler } from '../../../testing/settle';
import { ToolCallCard } from './tool-call-card';

const call = (over: Partial<ToolCallView> = {}): ToolCallView => ({
  id: 't1',
  messageId: 'a1',
  server: 'files',
  name: 'delete',
  arguments: '{"path":"old.txt","force":true}',
  status: 'awaiting_approval',
  result: null,
  error: null,
  durationMs: null,
  needsApproval: true,
  approvedBy: null,
  approvedAt: null,
  approvalDeadline: '2026-01-01T10:05:00.000Z',
  createdAt: '2026-01-01T10:00:00.000Z',
  ...over,
});

async function show(view: ToolCallView, canDecide = true) {
  TestBed.configureTestingModule({
    providers: [provideHttpClient(withInterceptors([errorInterceptor])), provideHttpClientTesting(), provideRouter([]), provideTranslateService()],
  });
  const fixture = TestBed.createComponent(ToolCallCard);
  fixture.componentRef.setInput('call', view);
  fixture.componentRef.setInput('canDecide', canDecide);
  const changed: ToolCallView[] = [];
  fixture.componentInstance.changed.subscribe((c) => changed.push(c));
  const stale: unknown[] = [];
  fixture.componentInstance.stale.subscribe(() => stale.push(true));
  await fixture.whenStable();
  const element = fixture.nativeElement as HTMLElement;
  const button = (label: string) => Array.from(element.querySelectorAll('button')).find((b) => b.textContent!.trim() === label) ?? null;
  const status = () => element.querySelector('[role=status]')!.textContent!.trim();
  return { fixture, element, button, status, changed, stale, http: TestBed.inject(HttpTestingController), settle: settler(fixture) };
}

describe('ToolCallCard', () => {
  it('names the tool, shows the arguments as indented JSON and asks the owner to decide', async () => {
    const { element, button, status } = await show(call());
    expect(element.querySelector('h3')!.textContent!.trim()).toBe('files/delete');
    expect(element.querySelector('pre.args')!.textContent).toBe('{\n  "path": "old.txt",\n  "force": true\n}');
    expect(status()).toBe('chat.tools.status.awaiting_approval');
    expect(button('chat.tools.approve')).not.toBeNull();
    expect(button('chat.tools.reject')).not.toBeNull();
    expect(element.textContent).toContain('chat.tools.deadline');
  });

  it('shows no buttons to someone who does not own the conversation', async () => {
    const { button, status } = await show(call(), false);
    expect(status()).toBe('chat.tools.status.awaiting_owner');
    expect(button('chat.tools.approve')).toBeNull();
  });

  it('approves: the buttons are disabled while the request is out, and the answer is passed on', async () => {
    const { element, button, changed, http, settle } = await show(call());
    button('chat.tools.approve')!.click();
    await settle();
    const buttons = Array.from(element.querySelectorAll<HTMLButtonElement>('.decision button'));
    expect(buttons.map((b) => b.disabled)).toEqual([true, true]);
    expect(buttons[0].textContent!.trim()).toBe('chat.tools.approving');
    const request = http.expectOne('/api/tool-calls/t1/approve');
    expect(request.request.method).toBe('POST');
    request.flush(call({ status: 'running', approvedBy: 'u1', approvedAt: '2026-01-01T10:01:00.000Z' }));
    await settle();
    expect(changed.map((c) => c.status)).toEqual(['running']);
    http.verify();
  });

  it('rejects with the reason typed', async () => {
    const { element, button, changed, http, settle } = await show(call());
    const reason = element.querySelector<HTMLInputElement>('.decision input')!;
    reason.value = '  Not that file  ';
    reason.dispatchEvent(new Event('input'));
    button('chat.tools.reject')!.click();
    const request = http.expectOne('/api/tool-calls/t1/reject');
    expect(request.request.body).toEqual({ reason: 'Not that file' });
    request.flush(call({ status: 'rejected' }));
    await settle();
    expect(changed.map((c) => c.status)).toEqual(['rejected']);
  });

  it('says why a decision failed (409: already decided) and asks for the call again', async () => {
    const { element, button, changed, stale, http, settle } = await show(call());
    button('chat.tools.reject')!.click();
    http
      .expectOne('/api/tool-calls/t1/reject')
      .flush(
        { type: 'about:blank', title: 'Conflict', status: 409, detail: 'This call was already decided.' },
        { status: 409, statusText: 'Conflict', headers: { 'content-type': 'application/problem+json' } },
      );
    await settle();
    expect(element.querySelector('[role=alert]')!.textContent!.trim()).toBe('This call was already decided.');
    expect(changed).toEqual([]);
    expect(stale).toHaveLength(1); // the page reads the messages again
    expect(button('chat.tools.reject')!.disabled).toBe(false);
  });

  it('shows each status with its label, the duration, the error, and the result folded', async () => {
    const { fixture, element, status, button, settle } = await show(call({ status: 'running', approvedAt: '2026-01-01T10:01:00.000Z' }));
    expect(status()).toBe('chat.tools.status.running');
    expect(button('chat.tools.approve')).toBeNull();
    expect(element.querySelector('details')).toBeNull();

    fixture.componentRef.setInput('call', call({ status: 'done', durationMs: 1234, result: 'Deleted old.txt', approvedAt: '2026-01-01T10:01:00.000Z' }));
    await settle();
    expect(status()).toBe('chat.tools.status.done');
    expect(element.querySelector('.took')!.textContent!.trim()).toBe('chat.tools.seconds');
    const details = element.querySelector('details')!;
    expect(details.open).toBe(false);
    expect(details.querySelector('pre')!.textContent).toBe('Deleted old.txt');
    expect(element.textContent).toContain('chat.tools.approvedAt');
    expect(element.textContent).not.toContain('chat.tools.deadline');

    fixture.componentRef.setInput('call', call({ status: 'failed', durationMs: 80, error: 'Permission denied.' }));
    await settle();
    expect(status()).toBe('chat.tools.status.failed');
    expect(element.querySelector('.took')!.textContent!.trim()).toBe('chat.tools.ms');
    expect(element.querySelector('.failure')!.textContent!.trim()).toBe('Permission denied.');

    fixture.componentRef.setInput('call', call({ status: 'rejected', arguments: '{}' }));
    await settle();
    expect(status()).toBe('chat.tools.status.rejected');
    expect(element.textContent).toContain('chat.tools.noArguments');
    expect(element.textContent).not.toContain('chat.tools.approvedAt');
  });
});
