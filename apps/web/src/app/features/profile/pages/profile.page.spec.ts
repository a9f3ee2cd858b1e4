import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { AuthService } from '../../../core/auth/auth.service';
import { LanguageService } from '../../../core/i18n/language.service';
import { ThemeService } from '../../../core/theme/theme.service';
import { settler } from '../../../testing/settle';
import { signedInProviders } from '../../../testing/signed-in-providers';
import { testUser } from '../../../testing/users';
import { ProfilePage } from './profile.page';

const ME = testUser();

describe('ProfilePage', () => {
  let http: HttpTestingController;
  const updateUser = vi.fn();

  async function render() {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [...signedInProviders(ME, vi.fn()), { provide: AuthService, useValue: { user: () => ME, token: () => 'jwt', signOut: vi.fn(), updateUser } }],
    });
    http = TestBed.inject(HttpTestingController);
    TestBed.inject(LanguageService).use('en');
    const fixture = TestBed.createComponent(ProfilePage);
    const element = fixture.nativeElement as HTMLElement;
    const settle = settler(fixture);
    await settle();
    return { fixture, element, settle };
  }

  afterEach(() => {
    http.verify();
    updateUser.mockReset();
  });

  it('saves name, language and theme on the server, and the language and theme take effect at once', async () => {
    const { element, settle } = await render();
    expect(element.textContent).toContain('ann@example.com');
    const name = element.querySelector<HTMLInputElement>('#profile-name')!;
    expect(name.value).toBe('ann');
    name.value = '  Anna Petrova ';
    name.dispatchEvent(new Event('input'));
    const language = element.querySelector<HTMLSelectElement>('#profile-language')!;
    language.value = 'ru';
    language.dispatchEvent(new Event('change'));
    const dark = element.querySelector<HTMLInputElement>('input[type=radio][value=dark]')!;
    dark.checked = true;
    dark.dispatchEvent(new Event('change'));
    element.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await settle();

    const patch = http.expectOne({ method: 'PATCH', url: '/api/auth/me' });
    expect(patch.request.body).toEqual({ name: 'Anna Petrova', language: 'ru', theme: 'dark' });
    expect(document.documentElement.dataset['theme']).toBe('dark');
    expect(document.documentElement.lang).toBe('ru');
    const saved = { ...ME, name: 'Anna Petrova', language: 'ru', theme: 'dark' } as const;
    patch.flush(saved);
    await settle();
    expect(updateUser).toHaveBeenCalledWith(saved);
    // The page now speaks Russian, with no English left on it.
    expect(element.querySelector('h1')!.textContent).toBe('Ваш профиль');
    expect(element.querySelector('[role=status]')!.textContent).toContain('Сохранено.');
    expect(element.textContent).toContain('Смена пароля здесь появится позже');
    expect(TestBed.inject(ThemeService).current()).toBe('dark');
  });

  it('refuses an empty name by the field, without a request, and clears the error once the person types', async () => {
    const { element, settle } = await render();
    const name = element.querySelector<HTMLInputElement>('#profile-name')!;
    name.value = '   ';
    name.dispatchEvent(new Event('input'));
    element.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await settle();
    http.expectNone('/api/auth/me');
    expect(element.querySelector('#profile-name-error')!.textContent).toBe('Enter your name.');
    expect(name.getAttribute('aria-invalid')).toBe('true');
    name.value = 'A';
    name.dispatchEvent(new Event('input'));
    await settle();
    expect(element.querySelector('#profile-name-error')).toBeNull();
  });
});
