/** A count's text in each form the interface languages need (English uses one and other; Russian all four). */
export interface PluralForms {
  one: string;
  few: string;
  many: string;
  other: string;
}

/** Which form a count takes in a language, by the CLDR rules the browser ships (ru: 1 one, 2 few, 5 many, 1.5 other). */
export function pluralForm(count: number, language: string): keyof PluralForms {
  const category = new Intl.PluralRules(language).select(count);
  return category === 'one' || category === 'few' || category === 'many' ? category : 'other';
}
