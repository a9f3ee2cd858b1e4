import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { INTERFACE_LANGUAGES, THEMES, type InterfaceLanguage, type Theme } from '@assistants/common';
import { TranslatePipe } from '@ngx-translate/core';
import { errorMessage } from '../../../core/api/api-error';
import { AuthService } from '../../../core/auth/auth.service';
import { ProfileService } from '../../../core/auth/profile.service';
import { LanguageService } from '../../../core/i18n/language.service';
import { ThemeService } from '../../../core/theme/theme.service';

/** The signed-in person's own settings: name, interface language, theme (kept on the server). */
@Component({
  selector: 'app-profile-page',
  imports: [TranslatePipe],
  templateUrl: './profile.page.html',
  styleUrl: './profile.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProfilePage {
  private readonly profile = inject(ProfileService);
  protected readonly user = inject(AuthService).user;
  protected readonly languages = INTERFACE_LANGUAGES;
  protected readonly themes = THEMES;
  protected readonly name = signal(this.user()?.name ?? '');
  protected readonly language = signal<InterfaceLanguage>(inject(LanguageService).current());
  protected readonly theme = signal<Theme>(inject(ThemeService).current());
  protected readonly busy = signal(false);
  protected readonly saved = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly nameMissing = computed(() => this.name().trim() === '');
  /** The name's error shows once someone tried to save it empty, and goes as soon as they type. */
  protected readonly showNameError = signal(false);

  protected editName(value: string): void {
    this.name.set(value);
    this.saved.set(false);
    this.showNameError.set(false);
  }

  protected chooseLanguage(value: string): void {
    this.language.set(value as InterfaceLanguage);
    this.saved.set(false);
  }

  protected chooseTheme(value: Theme): void {
    this.theme.set(value);
    this.saved.set(false);
  }

  protected async save(): Promise<void> {
    if (this.busy()) return;
    if (this.nameMissing()) {
      this.showNameError.set(true);
      return;
    }
    this.busy.set(true);
    this.error.set(null);
    try {
      const user = await this.profile.save({ name: this.name().trim(), language: this.language(), theme: this.theme() });
      this.name.set(user.name);
      this.saved.set(true);
    } catch (error) {
      this.error.set(errorMessage(error));
    } finally {
      this.busy.set(false);
    }
  }
}
