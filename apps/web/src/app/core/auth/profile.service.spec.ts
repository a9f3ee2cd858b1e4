import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { LanguageService } from '../i18n/language.service';
import { ThemeService } from '../theme/theme.service';
import { signedInProviders } from '../../testing/signed-in-providers';
import { testUser } from '../../testing/users';
import { AuthService } from './auth.service';
import { ProfileService } from './profile.service';

const ME = testUser();

describe('ProfileService', () => {
  let http: HttpTestingController;
  const updateUser = vi.fn();

  beforeEach(() => {
    localStorage.clear();
    updateUser.mockReset();
    TestBed.configureTestingModule({
      providers: [...signedInProviders(ME, vi.fn()), { provide: AuthService, useValue: { user: () => ME, token: () => 'jwt', signOut: vi.fn(), updateUser } }],
    });
    http = TestBed.inject(HttpTestingController);
    TestBed.inject(LanguageService).use('ru');
    TestBed.inject(ThemeService).use('light');
  });

  afterEach(() => http.verify());

  it('keeps the browser’s language while none was ever chosen, but always takes the saved theme', () => {
    TestBed.inject(ProfileService).apply(ME);
    expect(TestBed.inject(LanguageService).current()).toBe('ru');
    expect(TestBed.inject(ThemeService).current()).toBe('system');
  });

  it('brings a change made in another browser on refresh, and remembers it for this one', async () => {
    const refreshing = TestBed.inject(ProfileService).refresh();
    http.expectOne({ method: 'GET', url: '/api/auth/me' }).flush({ ...ME, language: 'en', theme: 'dark' });
    await refreshing;
    expect(updateUser).toHaveBeenCalledWith({ ...ME, language: 'en', theme: 'dark' });
    expect(document.documentElement.lang).toBe('en');
    expect(document.documentElement.dataset['theme']).toBe('dark');
    expect(localStorage.getItem('assistants.theme')).toBe('dark');
  });
});
