/**
 * A text that changes with a count, one form per plural category of the language (English: one,
 * other; Russian: one, few, many, and other for fractions). `other` is the form a language
 * without the category falls back to.
 */
export type PluralForms = { other: string } & Partial<Record<Intl.LDMLPluralRule, string>>;

/** Marks a dictionary entry as plural forms, so each language lists the categories it has. */
export const plural = (forms: PluralForms): PluralForms => forms;

const rules = new Map<string, Intl.PluralRules>();

/** The key of the form for `n` in the language: `key.one`, `key.few`, … */
export function pluralKey(key: string, n: number, language: string): string {
  let rule = rules.get(language);
  if (!rule) rules.set(language, (rule = new Intl.PluralRules(language)));
  return `${key}.${rule.select(n)}`;
}
