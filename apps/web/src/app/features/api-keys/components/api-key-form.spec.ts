import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { errorInterceptor } from '../../../core/api/interceptors';
import { provideAppTranslations } from '../../../core/i18n/provide-translations';
import { settler } from '../../../testing/settle';
import { ApiKeyForm } from './api-key-form';

describe('ApiKeyForm', () => {
  it('shows the name’s problem under the name, once, until the name is edited', async () => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(withInterceptors([errorInterceptor])), provideHttpClientTesting(), provideRouter([]), provideAppTranslations()],
    });
    const fixture = TestBed.createComponent(ApiKeyForm);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    const settle = settler(fixture);
    const name = element.querySelector<HTMLInputElement>('#key-name-own')!;
    const type = async (value: string) => {
      name.value = value;
      name.dispatchEvent(new Event('input'));
      await settle();
    };
    const alerts = () => Array.from(element.querySelectorAll('[role=alert]'), (e) => e.textContent!.trim());
    await type('a'.repeat(100));
    element.querySelector('form')!.dispatchEvent(new Event('submit'));
    await settle();
    TestBed.inject(HttpTestingController)
      .expectOne('/api/auth/api-keys')
      .flush(
        {
          type: 'about:blank',
          title: 'Bad Request',
          status: 400,
          code: 'validation.failed',
          errors: [
            {
              field: 'name',
              messages: ['name must be shorter than or equal to 80 characters'],
              code: 'validation.too_long',
              params: { field: 'name', max: 80 },
            },
            { field: 'name', messages: ['name is bad'], code: 'validation.invalid', params: { field: 'name' } },
          ],
        },
        { status: 400, statusText: 'Bad Request', headers: { 'content-type': 'application/problem+json' } },
      );
    await settle();
    expect(alerts()).toEqual(['At most 80 characters.']);
    expect(name.nextElementSibling!.textContent).toContain('At most 80 characters.');
    await type('short');
    expect(alerts()).toEqual([]);
  });
});
