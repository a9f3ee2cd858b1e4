import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { errorInterceptor } from '../../../core/api/interceptors';
import { setProblemLanguage } from '../../../core/i18n/problem-message';
import { provideAppTranslations } from '../../../core/i18n/provide-translations';
import { settler } from '../../../testing/settle';
import { NewUserForm } from './new-user-form';

const badRequest = { status: 400, statusText: 'Bad Request', headers: { 'content-type': 'application/problem+json' } };

async function setup() {
  TestBed.configureTestingModule({
    providers: [provideHttpClient(withInterceptors([errorInterceptor])), provideHttpClientTesting(), provideRouter([]), provideAppTranslations()],
  });
  const fixture = TestBed.createComponent(NewUserForm);
  await fixture.whenStable();
  const element = fixture.nativeElement as HTMLElement;
  const settle = settler(fixture);
  const type = async (selector: string, value: string) => {
    const input = element.querySelector<HTMLInputElement>(selector)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
    await settle();
  };
  const submit = async () => {
    element.querySelector('form')!.dispatchEvent(new Event('submit'));
    await settle();
  };
  const alerts = () => Array.from(element.querySelectorAll('[role=alert]'), (e) => e.textContent!.trim());
  return { element, settle, type, submit, alerts, http: TestBed.inject(HttpTestingController) };
}

describe('NewUserForm', () => {
  it('shows each field’s problem once under its field, in Russian too, and drops it when the field is edited', async () => {
    setProblemLanguage('ru');
    const { element, type, submit, settle, alerts, http } = await setup();
    await type('#nu-email', 'ann');
    await type('#nu-name', 'Ann');
    await type('#nu-password', 'x');
    await submit();
    http.expectOne('/api/users').flush(
      {
        type: 'about:blank',
        title: 'Bad Request',
        status: 400,
        code: 'validation.failed',
        errors: [
          { field: 'email', messages: ['email must be an email'], code: 'validation.email', params: { field: 'email' } },
          { field: 'password', messages: ['password must be longer'], code: 'validation.too_short', params: { field: 'password', min: 12 } },
          { field: 'password', messages: ['password is weak'], code: 'validation.password_weak', params: { field: 'password' } },
        ],
      },
      badRequest,
    );
    await settle();
    expect(alerts()).toEqual(['Введите адрес электронной почты, например name@example.com.', 'Не меньше 12 символов.']);
    expect(element.querySelector('#nu-password')!.getAttribute('aria-invalid')).toBe('true');
    await type('#nu-password', 'a longer passphrase');
    expect(alerts()).toEqual(['Введите адрес электронной почты, например name@example.com.']);
  });

  it('keeps a problem of no field as one line at the foot', async () => {
    const { type, submit, settle, alerts, http } = await setup();
    await type('#nu-email', 'ann@example.com');
    await type('#nu-name', 'Ann');
    await type('#nu-password', 'a long passphrase');
    await submit();
    http
      .expectOne('/api/users')
      .flush(
        { type: 'about:blank', title: 'Conflict', status: 409, code: 'auth.email_taken', detail: 'An account with this email already exists.' },
        { ...badRequest, status: 409, statusText: 'Conflict' },
      );
    await settle();
    expect(alerts()).toEqual(['An account with this email already exists.']);
  });
});
