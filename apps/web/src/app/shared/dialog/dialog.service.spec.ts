import { ApplicationRef } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideAppTranslations } from '../../core/i18n/provide-translations';
import { DialogService } from './dialog.service';

function setup() {
  TestBed.configureTestingModule({ providers: [provideAppTranslations()] });
  const opener = document.createElement('button');
  opener.textContent = 'Opener';
  document.body.appendChild(opener);
  opener.focus();
  return { dialogs: TestBed.inject(DialogService), opener };
}

const dialog = () => document.querySelector<HTMLDialogElement>('dialog.app-dialog');
const button = (text: string) => [...(dialog()?.querySelectorAll('button') ?? [])].find((b) => b.textContent?.trim() === text);
const submit = () =>
  dialog()
    ?.querySelector('form')
    ?.dispatchEvent(new Event('submit', { cancelable: true }));

describe('DialogService', () => {
  afterEach(() => document.body.replaceChildren());

  it('confirm: shows the title, text and danger button; confirming answers true and gives focus back', async () => {
    const { dialogs, opener } = setup();
    const answer = dialogs.confirm({ title: 'Delete this?', text: 'My chat', confirmLabel: 'Delete', danger: true });
    expect(dialog()?.querySelector('h2')?.textContent).toBe('Delete this?');
    expect(dialog()?.textContent).toContain('My chat');
    expect(dialog()?.getAttribute('aria-labelledby')).toBe(dialog()?.querySelector('h2')?.id);
    expect(button('Delete')?.classList.contains('danger')).toBe(true);
    expect(document.activeElement).toBe(button('Delete'));
    submit();
    await expect(answer).resolves.toBe(true);
    expect(dialog()).toBeNull();
    expect(document.activeElement).toBe(opener);
  });

  it('confirm: Cancel and Esc (the cancel event) answer false', async () => {
    const { dialogs } = setup();
    const cancelled = dialogs.confirm({ title: 'Sure?', confirmLabel: 'Yes' });
    button('Cancel')?.click();
    await expect(cancelled).resolves.toBe(false);
    const escaped = dialogs.confirm({ title: 'Sure?', confirmLabel: 'Yes' });
    dialog()?.dispatchEvent(new Event('cancel', { cancelable: true }));
    await expect(escaped).resolves.toBe(false);
  });

  it('prompt: focuses the labelled field with the initial value, refuses empty and too long, answers the trimmed text', async () => {
    const { dialogs } = setup();
    const answer = dialogs.prompt({ title: 'Rename', label: 'New title', value: 'Old', confirmLabel: 'Rename', maxLength: 5 });
    const input = dialog()?.querySelector('input') as HTMLInputElement;
    expect(document.activeElement).toBe(input);
    expect(input.value).toBe('Old');
    expect(dialog()?.querySelector(`label[for="${input.id}"]`)?.textContent).toBe('New title');

    input.value = '   ';
    input.dispatchEvent(new Event('input'));
    submit();
    TestBed.inject(ApplicationRef).tick();
    const alert = () => dialog()?.querySelector('[role=alert]')?.textContent;
    expect(alert()).toBe('Enter a value.');
    expect(input.getAttribute('aria-invalid')).toBe('true');

    input.value = 'Too long';
    input.dispatchEvent(new Event('input'));
    submit();
    TestBed.inject(ApplicationRef).tick();
    expect(alert()).toBe('At most 5 characters.');

    input.value = ' New ';
    input.dispatchEvent(new Event('input'));
    submit();
    await expect(answer).resolves.toBe('New');
  });
});
