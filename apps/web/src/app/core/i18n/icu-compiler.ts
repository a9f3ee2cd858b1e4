import { type InterpolatableTranslationObject, type InterpolateFunction, TranslateCompiler, type TranslationObject } from '@ngx-translate/core';
import { IntlMessageFormat } from 'intl-messageformat';

type Params = Record<string, string | number | boolean | Date | null | undefined>;

/**
 * Dictionary texts are ICU MessageFormat (`{n, plural, one {# message} few {# сообщения} …}`),
 * formatted by FormatJS's intl-messageformat: an interpreter, so the strict CSP (no eval) holds.
 * A text is parsed the first time it is shown.
 */
export class IcuTranslateCompiler extends TranslateCompiler {
  compile(value: string, lang: string): InterpolateFunction {
    let message: IntlMessageFormat | null = null;
    return (params?: unknown) => {
      try {
        message ??= new IntlMessageFormat(value, lang, undefined, { ignoreTag: true });
        return String(message.format((params ?? {}) as Params));
      } catch {
        // A param left out (or a broken text): show the text rather than nothing.
        return value;
      }
    };
  }

  compileTranslations(translations: TranslationObject, lang: string): InterpolatableTranslationObject {
    const compiled: InterpolatableTranslationObject = {};
    for (const [key, value] of Object.entries(translations)) {
      if (typeof value === 'string') compiled[key] = this.compile(value, lang);
      else if (value && typeof value === 'object' && !Array.isArray(value)) compiled[key] = this.compileTranslations(value as TranslationObject, lang);
      else compiled[key] = value as InterpolatableTranslationObject[string];
    }
    return compiled;
  }
}
