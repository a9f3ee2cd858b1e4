import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { LlmProviderView } from '@assistants/common';
import { provideTranslateService } from '@ngx-translate/core';
import { errorInterceptor } from '../../../core/api/interceptors';
import { settler } from '../../../testing/settle';
import { LlmProvidersPanel } from './llm-providers-panel';

const builtin: LlmProviderView = {
  id: null,
  name: 'Built-in',
  builtin: true,
  baseUrl: null,
  apiKey: null,
  models: ['gpt-4o-mini'],
  status: 'ok',
  refreshedAt: null,
  createdAt: null,
  updatedAt: null,
};
const second: LlmProviderView = {
  ...builtin,
  id: 'p1',
  name: 'Second',
  builtin: false,
  baseUrl: 'https://llm.example.com/v1',
  apiKey: '••••',
  models: ['second-large', 'second-small'],
};

async function setup() {
  TestBed.configureTestingModule({
    providers: [provideHttpClient(withInterceptors([errorInterceptor])), provideHttpClientTesting(), provideTranslateService()],
  });
  const fixture = TestBed.createComponent(LlmProvidersPanel);
  fixture.detectChanges();
  const http = TestBed.inject(HttpTestingController);
  return { http, element: fixture.nativeElement as HTMLElement, settle: settler(fixture) };
}

const button = (root: Element, text: string) => [...root.querySelectorAll('button')].find((b) => b.textContent!.trim() === text)!;
const type = (element: HTMLElement, selector: string, value: string) => {
  const input = element.querySelector<HTMLInputElement>(selector)!;
  input.value = value;
  input.dispatchEvent(new Event('input'));
};

describe('LlmProvidersPanel', () => {
  afterEach(() => TestBed.inject(HttpTestingController).verify());

  it('lists the built-in provider and the added ones with their models, never a key', async () => {
    const { http, element, settle } = await setup();
    http.expectOne('/api/llm-providers').flush([builtin, { ...second, status: 'unauthorized' }]);
    await settle();
    const items = element.querySelectorAll('li.provider');
    expect(items).toHaveLength(2);
    expect(items[0].textContent).toContain('models.providers.builtin');
    expect(items[1].textContent).toContain('second-small');
    expect(items[1].textContent).toContain('models.providers.keyStored');
    expect(items[1].querySelector('.status')!.textContent).toContain('models.providers.status.unauthorized');
    // The built-in provider is configured on the server: nothing to edit here.
    expect(items[0].querySelectorAll('button')).toHaveLength(0);
  });

  it('adds a provider, keeps the key with "••••" when editing, refreshes and removes after a second click', async () => {
    const { http, element, settle } = await setup();
    http.expectOne('/api/llm-providers').flush([builtin]);
    await settle();
    button(element, 'models.providers.add').click();
    await settle();
    type(element, '#provider-name', 'Second');
    type(element, '#provider-url', 'https://llm.example.com/v1');
    type(element, '#provider-key', 'sk-new');
    await settle();
    element.querySelector('form')!.dispatchEvent(new Event('submit'));
    const created = http.expectOne((r) => r.method === 'POST' && r.url === '/api/llm-providers');
    expect(created.request.body).toEqual({ name: 'Second', baseUrl: 'https://llm.example.com/v1', apiKey: 'sk-new' });
    created.flush(second);
    await settle();
    http.expectOne('/api/llm-providers').flush([builtin, second]);
    await settle();

    const item = element.querySelectorAll('li.provider')[1];
    button(item, 'models.providers.edit').click();
    await settle();
    expect(element.querySelector<HTMLInputElement>('#provider-key')!.value).toBe('••••');
    type(element, '#provider-name', 'Renamed');
    await settle();
    element.querySelector('form')!.dispatchEvent(new Event('submit'));
    const updated = http.expectOne((r) => r.method === 'PATCH' && r.url === '/api/llm-providers/p1');
    expect(updated.request.body).toEqual({ name: 'Renamed', baseUrl: 'https://llm.example.com/v1', apiKey: '••••' });
    updated.flush({ ...second, name: 'Renamed' });
    await settle();
    http.expectOne('/api/llm-providers').flush([builtin, { ...second, name: 'Renamed' }]);
    await settle();

    button(element.querySelectorAll('li.provider')[1], 'models.providers.refresh').click();
    http.expectOne((r) => r.method === 'POST' && r.url === '/api/llm-providers/p1/refresh').flush(second);
    await settle();
    http.expectOne('/api/llm-providers').flush([builtin, second]);
    await settle();

    button(element.querySelectorAll('li.provider')[1], 'models.providers.remove').click();
    await settle();
    http.expectNone((r) => r.method === 'DELETE');
    element.querySelector<HTMLButtonElement>('button.confirm-remove')!.click();
    http.expectOne((r) => r.method === 'DELETE' && r.url === '/api/llm-providers/p1').flush(null);
    await settle();
    http.expectOne('/api/llm-providers').flush([builtin]);
    await settle();
    expect(element.querySelectorAll('li.provider')).toHaveLength(1);
  });
});
