import type { Page } from 'playwright-core';

/**
 * Latin-letter words a Russian screen may show, each for a reason; anything else in Latin letters
 * is English left untranslated. Kept small on purpose: a new entry needs a reason here.
 */
export const ALLOWED_LATIN: ReadonlyMap<string, string> = new Map([
  // The language switch shows each language by its code.
  ['EN', 'language code in the language switch'],
  ['RU', 'language code in the language switch'],
  // A keyboard key named in the composer's hint ("Enter отправляет, Shift+Enter — новая строка").
  ['Enter', 'keyboard key name'],
  ['Shift', 'keyboard key name'],
  // The offline answerer names the setting an administrator sets and the API it expects.
  ['LLM_BASE_URL', 'configuration variable, written as it must be typed'],
  ['OpenAI', 'product name (an OpenAI-compatible service)'],
  // "Запрос к LLM", the technical details' request section: the usual abbreviation in Russian too.
  ['LLM', 'abbreviation for the language model, used as is in Russian'],
  // The offline answerer's provider name, as the technical details show it.
  ['offline', 'provider name of the offline answerer'],
  // "API-ключи": the usual Russian term keeps the abbreviation.
  ['API', 'abbreviation, used as is in Russian (API-ключ)'],
  // The export formats, named as their files are.
  ['MD', 'file format name'],
  ['JSON', 'file format name'],
  ['TXT', 'file format name'],
  ['PDF', 'file format name'],
]);

/** Words of the page that are proper to this test (names, emails, addresses it typed): allowed too. */
export interface LatinCheck {
  /** Texts the test itself put on the page: an email, a file name, a link. */
  ownTexts?: readonly string[];
}

/** Emails, URLs, file names, the words of the texts the test typed: removed before looking for Latin words. */
function withoutOwnTexts(text: string, ownTexts: readonly string[]): string {
  let rest = text;
  for (const own of ownTexts) rest = rest.split(own).join(' ');
  return rest
    .replace(/[\w.+-]+@[\w.-]+\.[a-z]{2,}/gi, ' ')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/[\p{L}\p{N}_-]+\.(md|txt|pdf|docx|csv|json)(?![\p{L}\p{N}])/giu, ' ');
}

/** The Latin-letter words of a text that are not on the allow-list, each once. */
export function foreignWords(text: string, check: LatinCheck = {}): string[] {
  const words = withoutOwnTexts(text, check.ownTexts ?? []).match(/[A-Za-z][A-Za-z_'-]*[A-Za-z]|[A-Za-z]/g) ?? [];
  return [...new Set(words.filter((w) => !ALLOWED_LATIN.has(w)))];
}

/** The visible text of the page (what a person reads; not titles or hidden parts). */
export async function visibleText(page: Page): Promise<string> {
  return page.evaluate('document.body.innerText') as Promise<string>;
}

/** The Latin-letter words visible on the page now, other than the allowed ones: [] on a fully Russian screen. */
export async function englishOnPage(page: Page, check: LatinCheck = {}): Promise<string[]> {
  return foreignWords(await visibleText(page), check);
}
