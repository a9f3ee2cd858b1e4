import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { UpdateProfileRequest, UserView } from '@assistants/common';
import { firstValueFrom } from 'rxjs';
import { LanguageService } from '../i18n/language.service';
import { ThemeService } from '../theme/theme.service';
import { AuthService } from './auth.service';

/**
 * The signed-in person's profile (name, interface language, theme), kept on the server so it
 * follows them to another browser: applied at sign-in and on each visit, saved when changed.
 */
@Injectable({ providedIn: 'root' })
export class ProfileService {
  private readonly http = inject(HttpClient);
  private readonly auth = inject(AuthService);
  private readonly language = inject(LanguageService);
  private readonly theme = inject(ThemeService);

  /** The saved language (when one was ever chosen) and theme take effect in this browser. */
  apply(user: UserView): void {
    if (user.language && user.language !== this.language.current()) this.language.use(user.language);
    if (user.theme !== this.theme.current()) this.theme.use(user.theme);
  }

  /** Reads the profile again, so a change made in another browser shows here too. */
  async refresh(): Promise<UserView> {
    const user = await firstValueFrom(this.http.get<UserView>('/api/auth/me'));
    this.auth.updateUser(user);
    this.apply(user);
    return user;
  }

  /** Saves the change; language and theme take effect at once (and stay in this browser if the server cannot be reached). */
  async save(change: UpdateProfileRequest): Promise<UserView> {
    if (change.language) this.language.use(change.language);
    if (change.theme) this.theme.use(change.theme);
    const user = await firstValueFrom(this.http.patch<UserView>('/api/auth/me', change));
    this.auth.updateUser(user);
    this.apply(user);
    return user;
  }
}
