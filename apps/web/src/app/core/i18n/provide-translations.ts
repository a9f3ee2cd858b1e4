import type { Provider } from '@angular/core';
import { provideTranslateCompiler, provideTranslateLoader, provideTranslateService } from '@ngx-translate/core';
import { IcuTranslateCompiler } from './icu-compiler';
import { BundledTranslationLoader } from './language.service';

/**
 * The bundled dictionaries, formatted as ICU MessageFormat, English until LanguageService picks.
 * Factories, not classes: ngx-translate tells classes from factories by their source text
 * (/^class\s/), which minified production code no longer matches.
 */
export function provideAppTranslations(lang: 'en' | 'ru' = 'en'): Provider[] {
  return provideTranslateService({
    loader: provideTranslateLoader(() => new BundledTranslationLoader()),
    compiler: provideTranslateCompiler(() => new IcuTranslateCompiler()),
    fallbackLang: 'en',
    lang,
  });
}
