import { HttpErrorResponse } from '@angular/common/http';
import { TestBed } from '@angular/core/testing';
import type { ConversationView } from '@assistants/common';
import { setProblemLanguage } from '../../../core/i18n/problem-message';
import { provideAppTranslations } from '../../../core/i18n/provide-translations';
import { settler } from '../../../testing/settle';
import { TagEditor, normaliseTag } from './tag-editor';

const conversation = { id: 'c1', title: 'Lease contract', tags: ['hr'] } as ConversationView;

async function setup(save: (c: ConversationView, tags: string[]) => Promise<unknown>) {
  TestBed.configureTestingModule({ providers: [provideAppTranslations()] });
  const fixture = TestBed.createComponent(TagEditor);
  fixture.componentRef.setInput('conversation', conversation);
  fixture.componentRef.setInput('save', save);
  let closed = 0;
  fixture.componentInstance.closed.subscribe(() => closed++);
  await fixture.whenStable();
  const element = fixture.nativeElement as HTMLElement;
  const settle = settler(fixture);
  const box = element.querySelector<HTMLInputElement>('input')!;
  const type = async (text: string) => {
    box.value = text;
    box.dispatchEvent(new Event('input'));
    await settle();
  };
  const button = (text: string) => Array.from(element.querySelectorAll('button')).find((b) => b.textContent!.trim() === text)!;
  const chips = () => Array.from(element.querySelectorAll('.chip'), (c) => c.firstChild!.textContent!.trim());
  const alerts = () => Array.from(element.querySelectorAll('[role=alert]'), (e) => e.textContent!.trim());
  return { element, settle, type, button, chips, alerts, closed: () => closed };
}

const tagProblem = new HttpErrorResponse({
  status: 400,
  error: {
    type: 'about:blank',
    title: 'Bad Request',
    status: 400,
    code: 'validation.failed',
    errors: [
      {
        field: 'tags',
        messages: ['each tag must be 1-32 letters, digits, spaces, _ . or -'],
        code: 'validation.tag_format',
        params: { field: 'tags', max: 32, allowed: '_ . -' },
      },
    ],
  },
});

describe('TagEditor', () => {
  it('adds a tag as the server keeps it, removes one by its labelled button, and saves them all', async () => {
    const save = vi.fn(async () => undefined);
    const { element, settle, type, button, chips, closed } = await setup(save);
    expect(element.textContent).toContain('Tags of “Lease contract”');
    await type('  Travel ');
    button('Add').click();
    await type('hr');
    element.querySelector('input')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    await settle();
    expect(chips()).toEqual(['hr', 'travel']);
    const remove = element.querySelector<HTMLButtonElement>('button[aria-label="Remove tag hr"]')!;
    expect(remove.title).toBe('Remove tag hr');
    remove.click();
    await settle();
    element.querySelector('form')!.dispatchEvent(new Event('submit'));
    await settle();
    expect(save).toHaveBeenCalledWith(conversation, ['travel']);
    expect(closed()).toBe(1);
  });

  it('shows the server’s reason once, in Russian for a Russian reader, until the tags are edited', async () => {
    setProblemLanguage('ru');
    const { element, settle, type, alerts, closed } = await setup(() => Promise.reject(tagProblem));
    await type('#bad');
    element.querySelector('form')!.dispatchEvent(new Event('submit'));
    await settle();
    expect(alerts()).toEqual(['Тег — от 1 до 32 символов: буквы, цифры или пробелы, в начале буква или цифра; можно также _ . -.']);
    expect(closed()).toBe(0);
    await type('b');
    expect(alerts()).toEqual([]);
  });

  it('normaliseTag trims and lower-cases', () => {
    expect(normaliseTag('  Travel Plans ')).toBe('travel plans');
  });
});
