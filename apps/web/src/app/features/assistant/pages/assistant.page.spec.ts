import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { AssistantView } from '@assistants/common';
import { provideTranslateService } from '@ngx-translate/core';
import { Subject } from 'rxjs';
import { errorInterceptor } from '../../../core/api/interceptors';
import { LiveService } from '../../../core/live/live.service';
import { settler } from '../../../testing/settle';
import { AuthService } from '../../../core/auth/auth.service';
import { setProblemLanguage } from '../../../core/i18n/problem-message';
import { AssistantPage, numberOrDefault } from './assistant.page';

const assistant = (over: Partial<AssistantView> = {}): AssistantView => ({
  id: 'a1',
  name: 'HR helper',
  description: 'Leave questions',
  assistantType: 'qa',
  systemPrompt: null,
  effectiveSystemPrompt: 'Answer.',
  llmModel: 'm',
  llmProviderId: null,
  allowModelChoice: false,
  temperature: 0.7,
  maxTokens: 512,
  isPublic: false,
  showPromptToUsers: false,
  enableSearch: true,
  searchLimit: 5,
  chunkSize: 256,
  chunkOverlap: 32,
  ownerId: 'u1',
  defaultTemplateId: null,
  statistics: { totalConversations: 0, totalMessages: 0, averageRating: null, ratingCount: 0 },
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...over,
});

/** Signed in as the owner (u1) unless told otherwise. */
async function setup(user: { id: string; role: 'admin' | 'member' } | null = { id: 'u1', role: 'member' }) {
  const live = { events: new Subject(), degraded: signal(false), subscribe: vi.fn(), unsubscribe: vi.fn() };
  TestBed.configureTestingModule({
    providers: [
      provideHttpClient(withInterceptors([errorInterceptor])),
      provideHttpClientTesting(),
      provideRouter([]),
      provideTranslateService(),
      { provide: LiveService, useValue: live },
      { provide: AuthService, useValue: { user: signal(user) } },
    ],
  });
  const fixture = TestBed.createComponent(AssistantPage);
  fixture.componentRef.setInput('assistantId', 'a1');
  fixture.detectChanges();
  const http = TestBed.inject(HttpTestingController);
  const element = fixture.nativeElement as HTMLElement;
  const settle = settler(fixture);
  return { http, element, settle };
}

describe('AssistantPage', () => {
  it('picks the model from the providers’ models, not a text box, and saves provider, model and allowModelChoice', async () => {
    const { http, element, settle } = await setup();
    http.expectOne('/api/assistants/a1').flush(assistant());
    http.expectOne('/api/llm-providers/models').flush([
      { providerId: null, provider: 'Built-in', model: 'm' },
      { providerId: 'p1', provider: 'Second', model: 'second-small' },
    ]);
    await settle();
    const select = element.querySelector<HTMLSelectElement>('select#a-model')!;
    expect(element.querySelector('input#a-model')).toBeNull();
    expect([...select.querySelectorAll('optgroup')].map((g) => g.label)).toEqual(['models.select.builtin', 'Second']);
    select.value = 'p1|second-small';
    select.dispatchEvent(new Event('change'));
    const allow = element.querySelector<HTMLInputElement>('#a-allow-model-choice')!;
    allow.checked = true;
    allow.dispatchEvent(new Event('change'));
    element.querySelector('form')!.dispatchEvent(new Event('submit'));
    const saved = http.expectOne((r) => r.method === 'PATCH' && r.url === '/api/assistants/a1');
    expect(saved.request.body).toMatchObject({ llmProviderId: 'p1', llmModel: 'second-small', allowModelChoice: true });
    saved.flush(assistant({ llmProviderId: 'p1', llmModel: 'second-small', allowModelChoice: true }));
    await settle();
  });

  it('saves whether users may read the system prompt', async () => {
    const { http, element, settle } = await setup();
    http.expectOne('/api/assistants/a1').flush(assistant());
    await settle();
    const toggle = Array.from(element.querySelectorAll('label.check'))
      .find((l) => l.textContent!.includes('assistant.showPromptToUsers'))!
      .querySelector('input')!;
    expect(toggle.checked).toBe(false);
    toggle.checked = true;
    toggle.dispatchEvent(new Event('change'));
    element.querySelector('form')!.dispatchEvent(new Event('submit'));
    const saved = http.expectOne((r) => r.method === 'PATCH' && r.url === '/api/assistants/a1');
    expect(saved.request.body).toMatchObject({ showPromptToUsers: true, isPublic: false });
    saved.flush(assistant({ showPromptToUsers: true }));
    await settle();
    expect(toggle.checked).toBe(true);
  });

  it('edits the name in place: the server’s message shows by the field, Escape puts the saved name back, a good name saves alone', async () => {
    const { http, element, settle } = await setup();
    http.expectOne('/api/assistants/a1').flush(assistant());
    await settle();
    const name = element.querySelector<HTMLInputElement>('input.inline.name')!;
    expect(name.value).toBe('HR helper');
    // The page's panels ask for their own data too.
    expect(http.match((r) => r.url === '/api/assistants/a1/usage')).toHaveLength(1);

    name.value = '';
    name.dispatchEvent(new Event('input'));
    name.dispatchEvent(new Event('blur'));
    const refused = http.expectOne((r) => r.method === 'PATCH' && r.url === '/api/assistants/a1');
    expect(refused.request.body).toEqual({ name: '' });
    refused.flush(
      { type: 'about:blank', title: 'Bad Request', status: 400, errors: [{ field: 'name', messages: ['name should not be empty'] }] },
      { status: 400, statusText: 'Bad Request', headers: { 'content-type': 'application/problem+json' } },
    );
    await settle();
    expect(element.querySelector('.identity .error')!.textContent).toBe('name should not be empty');

    name.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    await settle();
    expect(name.value).toBe('HR helper');
    expect(element.querySelector('.identity .error')).toBeNull();

    name.value = 'Leave helper';
    name.dispatchEvent(new Event('input'));
    name.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    name.dispatchEvent(new Event('blur'));
    const saved = http.expectOne((r) => r.method === 'PATCH' && r.url === '/api/assistants/a1');
    expect(saved.request.body).toEqual({ name: 'Leave helper' });
    saved.flush(assistant({ name: 'Leave helper' }));
    await settle();
    expect(element.querySelector('.identity [role=status]')!.textContent).toBe('assistantPage.renamed');
    // Leaving the field again without a change sends nothing.
    name.dispatchEvent(new Event('blur'));
    http.expectNone((r) => r.method === 'PATCH');
  });

  it('sends an emptied temperature, max tokens or search limit as null (the default), never as 0', async () => {
    const { http, element, settle } = await setup();
    http.expectOne('/api/assistants/a1').flush(assistant({ temperature: 1.2 }));
    await settle();
    for (const id of ['a-temperature', 'a-max-tokens', 'a-limit']) {
      const field = element.querySelector<HTMLInputElement>(`#${id}`)!;
      field.value = '';
      field.dispatchEvent(new Event('input'));
    }
    expect(element.querySelector<HTMLInputElement>('#a-temperature')!.placeholder).toContain('settings.defaultValue');
    element.querySelector('form')!.dispatchEvent(new Event('submit'));
    const saved = http.expectOne((r) => r.method === 'PATCH' && r.url === '/api/assistants/a1');
    expect(saved.request.body).toMatchObject({ temperature: null, maxTokens: null, searchLimit: null });
    saved.flush(assistant());
    await settle();
    // The view answers with the default that applies, and the field shows it.
    expect(element.querySelector<HTMLInputElement>('#a-temperature')!.value).toBe('0.7');
    expect([numberOrDefault(' '), numberOrDefault('0'), numberOrDefault(3)]).toEqual([null, 0, 3]);
  });

  it('shows each field problem once, by its field, in the person’s words, and clears it when that field changes', async () => {
    setProblemLanguage('en');
    const { http, element, settle } = await setup();
    http.expectOne('/api/assistants/a1').flush(assistant());
    await settle();
    element.querySelector('form')!.dispatchEvent(new Event('submit'));
    http
      .expectOne((r) => r.method === 'PATCH' && r.url === '/api/assistants/a1')
      .flush(
        {
          type: 'about:blank',
          title: 'Bad Request',
          status: 400,
          code: 'validation.failed',
          detail: '2 fields failed validation: temperature, llmModel',
          errors: [
            {
              field: 'temperature',
              messages: ['temperature must not be greater than 2'],
              code: 'validation.too_large',
              params: { field: 'temperature', max: 2 },
            },
            { field: 'llmModel', messages: ['llmModel should not be empty'], code: 'validation.required', params: { field: 'llmModel' } },
          ],
        },
        { status: 400, statusText: 'Bad Request', headers: { 'content-type': 'application/problem+json' } },
      );
    await settle();
    const texts = () => [...element.querySelectorAll('form .error')].map((e) => e.textContent!.trim());
    // Once each, by the field: nothing repeats them at the foot of the form, and no developer words.
    expect(texts()).toEqual(['At most 2.', 'Fill this in.']);
    expect(element.textContent).not.toContain('should not be empty');

    const temperature = element.querySelector<HTMLInputElement>('#a-temperature')!;
    temperature.value = '1';
    temperature.dispatchEvent(new Event('input'));
    await settle();
    expect(texts()).toEqual(['Fill this in.']);
  });

  it('shows another owner’s public assistant read-only: no Save, no templates or knowledge panel, no drop zone', async () => {
    const { http, element, settle } = await setup({ id: 'someone-else', role: 'member' });
    http.expectOne('/api/assistants/a1').flush(assistant({ isPublic: true }));
    await settle();
    expect(element.querySelector('[data-testid=read-only]')!.textContent).toContain('settings.readOnly');
    expect(element.querySelector<HTMLFieldSetElement>('form fieldset')!.disabled).toBe(true);
    expect(element.querySelector<HTMLInputElement>('input.inline.name')!.readOnly).toBe(true);
    expect(element.querySelector('button[type=submit]')).toBeNull();
    expect(element.querySelector('[data-testid=drop-zone]')).toBeNull();
    expect(element.querySelector('app-templates-panel')).toBeNull();
    http.expectNone((r) => r.url.includes('/documents'));
  });
});
