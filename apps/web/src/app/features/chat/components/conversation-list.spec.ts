import { TestBed } from '@angular/core/testing';
import type { ConversationView } from '@assistants/common';
import { provideAppTranslations } from '../../../core/i18n/provide-translations';
import { ConversationList } from './conversation-list';

const conversation: ConversationView = {
  id: 'c1',
  assistantId: 'a1',
  userId: 'u1',
  title: 'Lease contract',
  status: 'active',
  messageCount: 2,
  contextSummary: null,
  lastMessageAt: null,
  templateVariables: {},
  pinned: false,
  tags: [],
  createdAt: '2026-01-01T10:00:00.000Z',
  updatedAt: '2026-01-01T10:00:00.000Z',
};

async function setup() {
  TestBed.configureTestingModule({ providers: [provideAppTranslations()] });
  const fixture = TestBed.createComponent(ConversationList);
  fixture.componentRef.setInput('conversations', [conversation]);
  document.body.appendChild(fixture.nativeElement as HTMLElement);
  await fixture.whenStable();
  return { element: fixture.nativeElement as HTMLElement };
}

describe('ConversationList', () => {
  afterEach(() => document.body.replaceChildren());

  it('Ctrl+K and Cmd+K move focus to the search box from anywhere, and the browser does not act on them', async () => {
    const { element } = await setup();
    const search = element.querySelector<HTMLInputElement>('input[type=search]')!;
    const elsewhere = document.body.appendChild(document.createElement('textarea'));
    for (const modifier of [{ ctrlKey: true }, { metaKey: true }]) {
      elsewhere.focus();
      const event = new KeyboardEvent('keydown', { key: 'k', bubbles: true, cancelable: true, ...modifier });
      elsewhere.dispatchEvent(event);
      expect(event.defaultPrevented).toBe(true);
      expect(document.activeElement).toBe(search);
    }
    elsewhere.focus();
    elsewhere.dispatchEvent(new KeyboardEvent('keydown', { key: 'k', bubbles: true, cancelable: true }));
    expect(document.activeElement).toBe(elsewhere);
  });

  it('names each action button by its visible text (the icon is hidden from assistive technology)', async () => {
    const { element } = await setup();
    const actions = [...element.querySelectorAll<HTMLButtonElement>('.actions button')];
    expect(actions.map((b) => b.textContent?.trim().replace(/^\S+\s+/, ''))).toEqual(['Pin', 'Rename', 'Archive', 'Clear', 'Delete']);
    for (const button of actions) {
      expect(button.hasAttribute('aria-label')).toBe(false);
      expect(button.querySelector('[aria-hidden=true]')).not.toBeNull();
      expect(button.title).toBe(button.textContent?.trim().replace(/^\S+\s+/, ''));
    }
  });
});
