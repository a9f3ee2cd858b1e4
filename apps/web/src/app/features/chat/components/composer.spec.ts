import { TestBed } from '@angular/core/testing';
import { provideTranslateService } from '@ngx-translate/core';
import { Composer } from './composer';

describe('Composer', () => {
  it('sends on Enter, keeps Shift+Enter as a new line, and never sends blank text', async () => {
    TestBed.configureTestingModule({ providers: [provideTranslateService()] });
    const fixture = TestBed.createComponent(Composer);
    const sent: string[] = [];
    fixture.componentInstance.sent.subscribe((text) => sent.push(text));
    await fixture.whenStable();
    const textarea: HTMLTextAreaElement = fixture.nativeElement.querySelector('textarea');

    textarea.value = 'first line';
    textarea.dispatchEvent(new Event('input'));
    const shiftEnter = new KeyboardEvent('keydown', { key: 'Enter', shiftKey: true, cancelable: true });
    textarea.dispatchEvent(shiftEnter);
    expect(shiftEnter.defaultPrevented).toBe(false);
    expect(sent).toEqual([]);

    textarea.value = 'first line\nsecond';
    textarea.dispatchEvent(new Event('input'));
    const enter = new KeyboardEvent('keydown', { key: 'Enter', cancelable: true });
    textarea.dispatchEvent(enter);
    expect(enter.defaultPrevented).toBe(true);
    expect(sent).toEqual(['first line\nsecond']);

    textarea.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', cancelable: true }));
    expect(sent).toHaveLength(1);
  });

  it('waits with the reason on the Send button while sending is blocked, and keeps the text', async () => {
    TestBed.configureTestingModule({ providers: [provideTranslateService()] });
    const fixture = TestBed.createComponent(Composer);
    fixture.componentRef.setInput('blockedReason', 'Fill in the template first');
    const sent: string[] = [];
    fixture.componentInstance.sent.subscribe((text) => sent.push(text));
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    const button = element.querySelector<HTMLButtonElement>('button.primary')!;
    expect(button.disabled).toBe(true);
    expect(button.title).toBe('Fill in the template first');
    expect(element.querySelector('#composer-blocked')!.textContent).toBe('Fill in the template first');
    const textarea = element.querySelector('textarea')!;
    textarea.value = 'Where do I park?';
    textarea.dispatchEvent(new Event('input'));
    textarea.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', cancelable: true }));
    expect(sent).toEqual([]);
    expect(textarea.value).toBe('Where do I park?');
  });
});
