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

  it('Up in the empty box asks to edit the last question; with text it moves the caret as usual', async () => {
    TestBed.configureTestingModule({ providers: [provideTranslateService()] });
    const fixture = TestBed.createComponent(Composer);
    let asked = 0;
    fixture.componentInstance.editLast.subscribe(() => asked++);
    await fixture.whenStable();
    const textarea: HTMLTextAreaElement = fixture.nativeElement.querySelector('textarea');
    const up = new KeyboardEvent('keydown', { key: 'ArrowUp', cancelable: true });
    textarea.dispatchEvent(up);
    expect(asked).toBe(1);
    expect(up.defaultPrevented).toBe(true);

    textarea.value = 'a draft';
    textarea.dispatchEvent(new Event('input'));
    const again = new KeyboardEvent('keydown', { key: 'ArrowUp', cancelable: true });
    textarea.dispatchEvent(again);
    expect(asked).toBe(1);
    expect(again.defaultPrevented).toBe(false);
  });
});
