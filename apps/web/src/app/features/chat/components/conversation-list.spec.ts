import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { ConversationView } from '@assistants/common';
import { provideAppTranslations } from '../../../core/i18n/provide-translations';
import { ConversationList, SEARCH_MAX_LENGTH, searchTerm } from './conversation-list';

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

const saveTags = vi.fn(async (_conversation: ConversationView, _tags: string[]) => undefined);

async function setup(assistantId: string | null = null) {
  // The server search runs on timers: fake ones, set before the component starts its debounce.
  if (assistantId) vi.useFakeTimers();
  TestBed.configureTestingModule({ providers: [provideAppTranslations(), provideHttpClient(), provideHttpClientTesting()] });
  const fixture = TestBed.createComponent(ConversationList);
  fixture.componentRef.setInput('conversations', [conversation]);
  fixture.componentRef.setInput('assistantId', assistantId);
  fixture.componentRef.setInput('saveTags', saveTags);
  document.body.appendChild(fixture.nativeElement as HTMLElement);
  if (assistantId) fixture.detectChanges();
  else await fixture.whenStable();
  return { fixture, element: fixture.nativeElement as HTMLElement, http: TestBed.inject(HttpTestingController) };
}

function type(element: HTMLElement, text: string): void {
  const box = element.querySelector<HTMLInputElement>('input[type=search]')!;
  box.value = text;
  box.dispatchEvent(new Event('input'));
}

const found: ConversationView = {
  ...conversation,
  id: 'c2',
  title: 'Holidays',
  snippet: [
    { text: 'we ', match: false },
    { text: 'travelled', match: true },
    { text: ' <b>north</b>', match: false },
  ],
};

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
    expect(actions.map((b) => b.textContent?.trim().replace(/^\S+\s+/, ''))).toEqual(['Pin', 'Tags', 'Rename', 'Archive', 'Clear', 'Delete']);
    for (const button of actions) {
      expect(button.hasAttribute('aria-label')).toBe(false);
      expect(button.querySelector('[aria-hidden=true]')).not.toBeNull();
      expect(button.title).toBe(button.textContent?.trim().replace(/^\S+\s+/, ''));
    }
  });

  it('sends the trimmed search text, at most 200 characters', () => {
    expect(searchTerm('  lease  ')).toBe('lease');
    expect(searchTerm('   ')).toBe('');
    expect(searchTerm('x'.repeat(500))).toHaveLength(SEARCH_MAX_LENGTH);
  });

  describe('with the server search', () => {
    afterEach(() => vi.useRealTimers());

    it('asks the server after a pause, the latest text wins, and shows the snippet with its matches marked as text', async () => {
      const { fixture, element, http } = await setup('a1');
      type(element, 'trav');
      vi.advanceTimersByTime(100);
      type(element, '  travel ');
      vi.advanceTimersByTime(249);
      http.expectNone(() => true);
      vi.advanceTimersByTime(1);
      const request = http.expectOne((r) => r.url === '/api/conversations');
      expect(request.request.params.get('search')).toBe('travel');
      expect(request.request.params.get('assistantId')).toBe('a1');
      expect(request.request.params.get('status')).toBe('active');
      fixture.detectChanges();
      expect(element.querySelector('[role=status]')?.textContent).toContain('Searching');

      // A newer text while the first request is on its way: the first is cancelled, its answer never shown.
      type(element, 'travelled');
      vi.advanceTimersByTime(250);
      const latest = http.expectOne((r) => r.params.get('search') === 'travelled');
      expect(request.cancelled).toBe(true);
      latest.flush({ items: [found], nextCursor: null });
      fixture.detectChanges();

      const titles = [...element.querySelectorAll('li .title')];
      expect(titles).toHaveLength(1);
      expect(titles[0].textContent).toContain('Holidays');
      expect([...element.querySelectorAll('li mark')].map((m) => m.textContent)).toEqual(['travelled']);
      // The snippet is text: markup in it is shown, never parsed.
      expect(element.querySelector('li b')).toBeNull();
      // The pieces join as the server cut them: no space added beside a match.
      expect(element.querySelector('.snippet')?.textContent?.trim()).toBe('we travelled <b>north</b>');

      // The list reloaded (a conversation renamed, pinned or deleted): the search asks again.
      fixture.componentRef.setInput('conversations', []);
      fixture.detectChanges();
      vi.advanceTimersByTime(250);
      http.expectOne((r) => r.params.get('search') === 'travelled').flush({ items: [], nextCursor: null });
      fixture.detectChanges();
      expect(element.querySelectorAll('li')).toHaveLength(0);
      http.verify();
    });

    it('says when nothing matches, shows the error in words, and an emptied box shows the whole list at once', async () => {
      const { fixture, element, http } = await setup('a1');
      type(element, 'nothing');
      vi.advanceTimersByTime(250);
      http.expectOne((r) => r.params.get('search') === 'nothing').flush({ items: [], nextCursor: null });
      fixture.detectChanges();
      expect(element.querySelector('[role=status]')?.textContent).toContain('No conversations match');
      expect(element.querySelectorAll('li')).toHaveLength(0);

      type(element, 'broken');
      vi.advanceTimersByTime(250);
      http
        .expectOne((r) => r.params.get('search') === 'broken')
        .flush(
          { type: 'about:blank', title: 'Bad', status: 400, code: 'validation.failed', detail: 'The search is too long' },
          { status: 400, statusText: 'Bad Request', headers: { 'content-type': 'application/problem+json' } },
        );
      fixture.detectChanges();
      expect(element.querySelector('[role=alert]')?.textContent?.trim()).toBeTruthy();

      type(element, '   ');
      fixture.detectChanges();
      expect(element.querySelector('[role=alert]')).toBeNull();
      expect([...element.querySelectorAll('li .title')].map((t) => t.textContent?.trim())).toEqual(['Lease contract']);
      vi.advanceTimersByTime(250);
      http.verify();
    });
  });

  it('shows a conversation’s tags as chips that filter the list, and a way back to all', async () => {
    const { fixture, element } = await setup();
    fixture.componentRef.setInput('conversations', [{ ...conversation, tags: ['hr', 'policy'] }]);
    fixture.componentRef.setInput('tagsInUse', ['hr', 'policy', 'travel']);
    await fixture.whenStable();
    const chosen: (string | null)[] = [];
    fixture.componentInstance.tagFilterChanged.subscribe((tag) => chosen.push(tag));
    const chips = Array.from(element.querySelectorAll<HTMLButtonElement>('.tags .chip'));
    expect(chips.map((c) => c.textContent!.trim())).toEqual(['#hr', '#policy']);
    expect(chips[0].title).toBe('Show only conversations tagged “hr”');
    chips[0].click();
    const select = element.querySelector<HTMLSelectElement>('#conversation-tag-filter')!;
    expect(Array.from(select.options, (o) => o.textContent!.trim())).toEqual(['Any tag', 'hr', 'policy', 'travel']);
    select.value = 'travel';
    select.dispatchEvent(new Event('change'));
    expect(chosen).toEqual(['hr', 'travel']);

    fixture.componentRef.setInput('tagFilter', 'hr');
    await fixture.whenStable();
    expect(element.querySelector('.tag-filter [role=status]')!.textContent).toContain('Only tagged “hr”');
    expect(element.querySelector('.tags .chip')!.getAttribute('aria-pressed')).toBe('true');
    element.querySelector<HTMLButtonElement>('.tags .chip')!.click(); // the chosen tag again: all
    Array.from(element.querySelectorAll('button'))
      .find((b) => b.textContent!.includes('Show all'))!
      .click();
    expect(chosen).toEqual(['hr', 'travel', null, null]);
  });

  it('opens the tag editor under a conversation from its Tags button and closes it once saved', async () => {
    saveTags.mockClear();
    const { fixture, element } = await setup();
    const tagsButton = Array.from(element.querySelectorAll<HTMLButtonElement>('.actions button')).find((b) => b.textContent!.trim().endsWith('Tags'))!;
    expect(tagsButton.title).toBe('Tags');
    tagsButton.click();
    await fixture.whenStable();
    expect(tagsButton.getAttribute('aria-expanded')).toBe('true');
    const box = element.querySelector<HTMLInputElement>('app-tag-editor input')!;
    box.value = 'Travel';
    box.dispatchEvent(new Event('input'));
    element.querySelector('app-tag-editor form')!.dispatchEvent(new Event('submit'));
    await fixture.whenStable();
    expect(saveTags).toHaveBeenCalledWith(conversation, ['travel']);
    expect(element.querySelector('app-tag-editor')).toBeNull();
  });
});
