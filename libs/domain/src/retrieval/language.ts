/** Text search configurations every engine here knows: stemmed English, stemmed Russian, or plain words. */
export type SearchLanguage = 'english' | 'russian' | 'simple';

export const SEARCH_LANGUAGES: readonly SearchLanguage[] = ['english', 'russian', 'simple'];

/**
 * A cheap guess good enough to pick a stemmer: mostly Cyrillic letters → russian, any
 * Latin → english, anything else (numbers, other scripts) → simple. Counting letters
 * beats a language model here: it costs nothing per chunk and never downloads anything.
 */
export function guessLanguage(text: string): SearchLanguage {
  let cyrillic = 0;
  let latin = 0;
  let letters = 0;
  for (const ch of text.slice(0, 4000)) {
    if (/\p{L}/u.test(ch)) {
      letters++;
      if (/[а-яё]/i.test(ch)) cyrillic++;
      else if (/[a-z]/i.test(ch)) latin++;
    }
  }
  if (cyrillic > 0 && cyrillic * 10 >= letters * 3) return 'russian';
  if (latin > 0 && latin * 2 >= letters) return 'english';
  return 'simple';
}

/** Words of a query (letters and digits, two or more), lower-cased, unique, at most 32. */
export function queryWords(query: string): string[] {
  return [...new Set(query.toLowerCase().match(/[\p{L}\p{N}]{2,}/gu) ?? [])].slice(0, 32);
}
