import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
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

  it('shows each of the server’s field messages under its field; the name made from the email counts as the email', async () => {
    const { fixture, element } = await render();
    const problem = {
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: '3 fields failed validation',
      code: 'validation.failed',
      errors: [
        { field: 'email', code: 'validation.email', messages: ['email must be an email'] },
        { field: 'name', code: 'validation.required', messages: ['name should not be empty'] },
        { field: 'password', code: 'validation.too_short', params: { min: 8 }, messages: ['password is too short'] },
      ],
    };
    auth.signUp.mockRejectedValue(new ApiError('3 fields failed validation', 400, problem));
    element.querySelector<HTMLButtonElement>('.foot button')!.click();
    await fixture.whenStable();
    element.querySelector('form')!.dispatchEvent(new Event('submit'));
    await fixture.whenStable();
    expect(element.querySelector('#email-error')?.textContent?.trim()).toBe('Enter an email address such as name@example.com.');
    expect(element.querySelector('#password-error')?.textContent?.trim()).toBe('At least 8 characters.');
    expect(element.querySelector('#password')!.getAttribute('aria-describedby')).toBe('password-error');
    expect(element.querySelectorAll('.error')).toHaveLength(2);
  });
});
