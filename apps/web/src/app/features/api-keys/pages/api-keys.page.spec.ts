import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { ApiKeyView } from '@assistants/common';
import { signedInProviders } from '../../../testing/signed-in-providers';
import { ApiKeysPage } from './api-keys.page';

const KEY: ApiKeyView = {
  id: '00000000-0000-4000-8000-00000000000a',
  name: 'Old script',
  prefix: 'ak_old1',
  scopes: ['chat', 'read'],
  createdAt: '2026-01-01T00:00:00.000Z',
  lastUsedAt: null,
  expiresAt: null,
};

describe('ApiKeysPage', () => {
  let http: HttpTestingController;

  async function render() {
    TestBed.configureTestingModule({
      providers: signedInProviders(null, vi.fn()),
    });
    http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(ApiKeysPage);
    const element = fixture.nativeElement as HTMLElement;
    const settle = async () => {
      await fixture.whenStable();
      fixture.detectChanges();
      await fixture.whenStable();
    };
    const button = (text: string) => [...element.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent!.trim() === text)!;
    await settle();
    http.expectOne('/api/auth/api-keys').flush([KEY]);
    await settle();
    return { fixture, element, settle, button };
  }

  afterEach(() => http.verify());

  it('creates a read-only key that expires, shows its secret once, then forgets it', async () => {
    const { element, settle, button } = await render();
    expect(element.querySelector('li.key')!.textContent).toContain('Old script');
    button('New API key').click();
    await settle();
    const name = element.querySelector<HTMLInputElement>('#key-name-own')!;
    name.value = 'Reporting';
    name.dispatchEvent(new Event('input'));
    const chat = [...element.querySelectorAll<HTMLLabelElement>('label.check')].find((l) => l.textContent!.includes('chat'))!.querySelector('input')!;
    chat.checked = false;
    chat.dispatchEvent(new Event('change'));
    const expiry = element.querySelector<HTMLSelectElement>('#key-expiry-own')!;
    expiry.value = [...expiry.options].find((o) => o.textContent!.includes('30'))!.value;
    expiry.dispatchEvent(new Event('change'));
    await settle();
    element.querySelector('form')!.dispatchEvent(new Event('submit'));
    const post = http.expectOne({ method: 'POST', url: '/api/auth/api-keys' });
    expect(post.request.body).toEqual({ name: 'Reporting', scopes: ['read'], expiresInDays: 30 });
    post.flush({ ...KEY, id: '00000000-0000-4000-8000-00000000000b', name: 'Reporting', prefix: 'ak_new1', scopes: ['read'], key: 'ak_new1_secret' });
    await settle();
    expect(element.querySelector('[data-testid=api-key-secret]')!.textContent).toBe('ak_new1_secret');
    expect(element.textContent).toContain('shown only this once');
    expect(element.querySelectorAll('li.key')).toHaveLength(2);

    button("I've saved it").click();
    await settle();
    expect(element.textContent).not.toContain('ak_new1_secret');
  });

  it('revokes only on the second click, and says why when it cannot', async () => {
    const { element, settle, button } = await render();
    button('Revoke').click();
    await settle();
    http.expectNone({ method: 'DELETE' });
    button('Revoke now').click();
    http
      .expectOne({ method: 'DELETE', url: `/api/auth/api-keys/${KEY.id}` })
      .flush({ type: 'about:blank', title: 'Not Found', status: 404, detail: 'No such API key.' }, { status: 404, statusText: 'Not Found' });
    await settle();
    expect(element.querySelector('[role=alert]')!.textContent).toContain('No such API key.');
    expect(element.querySelectorAll('li.key')).toHaveLength(1);

    button('Revoke').click();
    await settle();
    button('Revoke now').click();
    http.expectOne({ method: 'DELETE', url: `/api/auth/api-keys/${KEY.id}` }).flush(null, { status: 204, statusText: 'No Content' });
    await settle();
    expect(element.querySelectorAll('li.key')).toHaveLength(0);
    expect(element.textContent).toContain('You have no API keys.');
  });
});
