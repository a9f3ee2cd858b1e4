import { Injectable, inject, signal } from '@angular/core';
import { INTERFACE_LANGUAGES } from '@assistants/common';
import { TranslateLoader, TranslateService, type TranslationObject } from '@ngx-translate/core';
import { Observable, of } from 'rxjs';
import { setProblemLanguage } from './problem-message';
import { EN, RU } from './translations';

export const LANGUAGES = INTERFACE_LANGUAGES;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'assistants.language';

/** The dictionaries ship in the bundle, so switching language needs no request. */
export class BundledTranslationLoader implements TranslateLoader {
  getTranslation(lang: string): Observable<TranslationObject> {
    return of((lang === 'ru' ? RU : EN) as unknown as TranslationObject);
  }
}

/** The interface language: English by default, the person's choice remembered in localStorage. */
@Injectable({ providedIn: 'root' })
export class LanguageService {
  private readonly translate = inject(TranslateService);
  readonly current = signal<Language>('en');

  init(): void {
    const saved = localStorage.getItem(STORAGE_KEY);
    this.use(saved === 'ru' ? 'ru' : 'en');
  }

  use(language: Language): void {
    this.current.set(language);
    setProblemLanguage(language);
    localStorage.setItem(STORAGE_KEY, language);
    document.documentElement.lang = language;
    this.translate.use(language);
  }
}
