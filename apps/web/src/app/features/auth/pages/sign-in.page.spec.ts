import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import type { ProblemDetails } from '@assistants/common';
import { provideTranslateService } from '@ngx-translate/core';
import { ApiError } from '../../../core/api/api-error';
import { AuthService } from '../../../core/auth/auth.service';
import { SignInPage } from './sign-in.page';

describe('SignInPage', () => {
  const auth = { signIn: vi.fn(), signUp: vi.fn() };

  async function render() {
    auth.signIn.mockReset();
    auth.signUp.mockReset();
    TestBed.configureTestingModule({ providers: [provideRouter([]), provideTranslateService(), { provide: AuthService, useValue: auth }] });
    vi.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    const fixture = TestBed.createComponent(SignInPage);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    const type = (selector: string, value: string) => {
      const input = element.querySelector<HTMLInputElement>(selector)!;
      input.value = value;
      input.dispatchEvent(new Event('input'));
    };
    return { fixture, element, type };
  }

  it('signs in on Enter and opens the catalogue', async () => {
    const { fixture, element, type } = await render();
    auth.signIn.mockResolvedValue({});
    type('#email', ' ann@example.com ');
    type('#password', 'secret-pass');
    element.querySelector('form')!.dispatchEvent(new Event('submit')); // what Enter in a field does
    await fixture.whenStable();
    expect(auth.signIn).toHaveBeenCalledWith('ann@example.com', 'secret-pass');
    expect(TestBed.inject(Router).navigateByUrl).toHaveBeenCalledWith('/');
  });

  it('shows the server’s reason in plain words and stays', async () => {
    const { fixture, element, type } = await render();
    auth.signIn.mockRejectedValue(new ApiError('Email or password is wrong.', 401, null));
    type('#email', 'ann@example.com');
    type('#password', 'nope');
    element.querySelector('form')!.dispatchEvent(new Event('submit'));
    await fixture.whenStable();
    expect(element.querySelector('[role=alert]')?.textContent?.trim()).toBe('Email or password is wrong.');
    expect(TestBed.inject(Router).navigateByUrl).not.toHaveBeenCalled();
  });

  it('creates an account in the other mode', async () => {
    const { fixture, element, type } = await render();
    auth.signUp.mockResolvedValue({});
    element.querySelector<HTMLButtonElement>('.foot button')!.click();
    await fixture.whenStable();
    type('#email', 'bob@example.com');
    type('#password', 'long-passphrase');
    element.querySelector('form')!.dispatchEvent(new Event('submit'));
    await fixture.whenStable();
    expect(auth.signUp).toHaveBeenCalledWith('bob@example.com', 'long-passphrase');
    expect(auth.signIn).not.toHaveBeenCalled();
  });

  it('shows each field’s problem once, under its field, and drops it when that field is edited', async () => {
    const { fixture, element, type } = await render();
    const problem: ProblemDetails = {
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      code: 'validation.failed',
      errors: [
        { field: 'email', messages: ['email must be an email'], code: 'validation.email', params: { field: 'email' } },
        { field: 'password', messages: ['password too short'], code: 'validation.too_short', params: { field: 'password', min: 12 } },
        { field: 'password', messages: ['password is weak'], code: 'validation.password_weak', params: { field: 'password' } },
      ],
    };
    auth.signUp.mockRejectedValue(new ApiError('email: …', 400, problem));
    element.querySelector<HTMLButtonElement>('.foot button')!.click();
    await fixture.whenStable();
    type('#email', 'bob');
    type('#password', 'short');
    element.querySelector('form')!.dispatchEvent(new Event('submit'));
    await fixture.whenStable();
    const alerts = () => Array.from(element.querySelectorAll('[role=alert]'), (e) => e.textContent!.trim());
    expect(alerts()).toEqual(['Enter an email address such as name@example.com.', 'At least 12 characters.']);
    expect(element.querySelector('#email')!.nextElementSibling!.textContent).toContain('Enter an email address');
    expect(element.querySelector('#email')!.getAttribute('aria-invalid')).toBe('true');
    type('#email', 'bob@example.com');
    await fixture.whenStable();
    expect(alerts()).toEqual(['At least 12 characters.']);
  });
});
