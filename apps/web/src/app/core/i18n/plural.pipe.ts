import { Pipe, inject, type PipeTransform } from '@angular/core';
import { TranslateService } from '@ngx-translate/core';
import { LanguageService } from './language.service';
import { pluralKey } from './plural';

/** `{{ 'assistantPage.usage.toolCallsTotal' | plural: n }}`: the form for n in the interface language, {{n}} filled in. */
@Pipe({ name: 'plural', pure: false })
export class PluralPipe implements PipeTransform {
  private readonly translate = inject(TranslateService);
  private readonly language = inject(LanguageService);

  transform(key: string, n: number): string {
    const form = pluralKey(key, n, this.language.current());
    const text = this.translate.instant(form, { n }) as string;
    // A form the dictionary lacks (ngx-translate answers with the key): the language's `other`.
    return text === form ? (this.translate.instant(`${key}.other`, { n }) as string) : text;
  }
}
