import { Injectable, signal } from '@angular/core';
import { THEMES, type Theme } from '@assistants/common';

const STORAGE_KEY = 'assistants.theme';

/**
 * The colour scheme: `system` follows the browser's prefers-color-scheme, `light` and `dark` fix it.
 * Set as `data-theme` on <html>, which styles.scss reads; remembered in localStorage so the sign-in
 * page already has it, and on the server (the profile) so it follows the person to another browser.
 */
@Injectable({ providedIn: 'root' })
export class ThemeService {
  readonly current = signal<Theme>('system');

  init(): void {
    const saved = localStorage.getItem(STORAGE_KEY);
    this.use(THEMES.includes(saved as Theme) ? (saved as Theme) : 'system');
  }

  use(theme: Theme): void {
    this.current.set(theme);
    localStorage.setItem(STORAGE_KEY, theme);
    document.documentElement.dataset['theme'] = theme;
  }
}
