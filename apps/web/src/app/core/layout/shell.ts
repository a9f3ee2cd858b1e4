import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject } from '@angular/core';
import { Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { TranslatePipe, TranslateService } from '@ngx-translate/core';
import { THEMES, type Theme } from '@assistants/common';
import { AuthService } from '../auth/auth.service';
import { ProfileService } from '../auth/profile.service';
import { LANGUAGES, LanguageService, type Language } from '../i18n/language.service';
import { LiveService } from '../live/live.service';
import { ThemeService } from '../theme/theme.service';

const THEME_ICONS: Record<Theme, string> = { system: '◐', light: '☀', dark: '☾' };

/** The signed-in frame: header, language and theme switches (saved on the profile), sign out, and the lost-connection banner. */
@Component({
  selector: 'app-shell',
  imports: [RouterOutlet, RouterLink, RouterLinkActive, TranslatePipe],
  templateUrl: './shell.html',
  styleUrl: './shell.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Shell {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  protected readonly live = inject(LiveService);
  protected readonly language = inject(LanguageService);
  protected readonly languages = LANGUAGES;
  private readonly profile = inject(ProfileService);
  private readonly translate = inject(TranslateService);
  protected readonly theme = inject(ThemeService);
  protected readonly user = this.auth.user;
  /** The next theme the toggle switches to: system → light → dark → system. */
  protected readonly nextTheme = computed<Theme>(() => THEMES[(THEMES.indexOf(this.theme.current()) + 1) % THEMES.length]);
  protected readonly themeIcon = computed(() => THEME_ICONS[this.theme.current()]);
  /** Says what the theme is and what a click makes it, in the interface language. */
  protected readonly themeLabel = computed(() => {
    this.language.current();
    const name = (theme: Theme) => this.translate.instant(`profile.themes.${theme}`) as string;
    return this.translate.instant('profile.themeToggle', { current: name(this.theme.current()), next: name(this.nextTheme()) }) as string;
  });

  constructor() {
    this.live.start();
    inject(DestroyRef).onDestroy(() => this.live.stop());
    const user = this.user();
    if (user) this.profile.apply(user);
    // A change saved in another browser since this one last looked; failures are the interceptor's.
    this.profile.refresh().catch(() => undefined);
  }

  protected chooseLanguage(value: string): void {
    this.profile.save({ language: value as Language }).catch(() => undefined);
  }

  protected toggleTheme(): void {
    this.profile.save({ theme: this.nextTheme() }).catch(() => undefined);
  }

  protected signOut(): void {
    this.live.stop();
    this.auth.signOut();
    void this.router.navigateByUrl('/sign-in');
  }
}
