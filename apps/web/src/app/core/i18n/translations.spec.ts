import { IntlMessageFormat } from 'intl-messageformat';
import { EN, RU } from './translations';

type Tree = { [key: string]: string | Tree };

/** Every text of a dictionary by its dotted key. */
function texts(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of texts(value, path)) out.set(k, v);
  }
  return out;
}

const en = texts(EN as unknown as Tree);
const ru = texts(RU as unknown as Tree);

/** A text that may read the same in both languages: names, symbols, placeholders, formats. */
const isNeutral = (text: string) => !/[A-Za-z]{2,}.*\s[A-Za-z]{2,}/.test(text.replace(/\{[^}]*\}/g, ''));

describe('dictionaries', () => {
  it('Russian has every key English has, and no other', () => {
    expect([...ru.keys()].filter((k) => !en.has(k))).toEqual([]);
    expect([...en.keys()].filter((k) => !ru.has(k))).toEqual([]);
  });

  it('no Russian sentence is left as the English one (names and symbols may be)', () => {
    const untranslated = [...en].filter(([key, text]) => ru.get(key) === text && !isNeutral(text)).map(([key]) => key);
    expect(untranslated).toEqual([]);
  });

  it('every text is valid ICU MessageFormat in its language', () => {
    for (const [key, text] of ru) expect(() => new IntlMessageFormat(text, 'ru', undefined, { ignoreTag: true }), key).not.toThrow();
    for (const [key, text] of en) expect(() => new IntlMessageFormat(text, 'en', undefined, { ignoreTag: true }), key).not.toThrow();
  });

  it('counts conversations and messages with Russian plural forms', () => {
    const count = (key: 'conversationCount' | 'messageCount', n: number) => String(new IntlMessageFormat(RU.catalogue[key], 'ru').format({ count: n }));
    expect([1, 2, 5, 21].map((n) => count('conversationCount', n))).toEqual(['1 диалог', '2 диалога', '5 диалогов', '21 диалог']);
    expect([1, 3, 11].map((n) => count('messageCount', n))).toEqual(['1 сообщение', '3 сообщения', '11 сообщений']);
  });
});
