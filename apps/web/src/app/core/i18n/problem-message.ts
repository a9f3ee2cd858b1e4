import { PROBLEM_TEXT_EN, type ProblemCode, type ProblemParams } from '@assistants/common';
import { IntlMessageFormat } from 'intl-messageformat';
import { PROBLEMS_RU } from './problems.i18n';

export type ProblemLanguage = 'en' | 'ru';

/**
 * The language problems are shown in: LanguageService sets it whenever the interface language
 * changes, so errorMessage() and the form helpers, plain functions, need no injector.
 */
let language: ProblemLanguage = 'en';

export function setProblemLanguage(next: ProblemLanguage): void {
  language = next;
}

export function problemLanguage(): ProblemLanguage {
  return language;
}

const compiled = new Map<string, IntlMessageFormat>();

function isProblemCode(code: unknown): code is ProblemCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(PROBLEM_TEXT_EN, code);
}

/** A code's text in one language with its params, or null for a code this build does not know (or a text its params do not fill). */
export function formatProblemCode(code: unknown, params: ProblemParams | undefined, lang: ProblemLanguage = language): string | null {
  if (!isProblemCode(code)) return null;
  const text = lang === 'ru' ? PROBLEMS_RU[code] : PROBLEM_TEXT_EN[code];
  const key = `${lang}\u0000${code}`;
  try {
    let message = compiled.get(key);
    if (!message) compiled.set(key, (message = new IntlMessageFormat(text, lang, undefined, { ignoreTag: true })));
    return String(message.format(params ?? {}));
  } catch {
    return null;
  }
}

/**
 * A problem in the interface language: in Russian the text of its code, in English the server's
 * own detail (which may say more than the code's text); the detail when the code is unknown.
 */
export function translateProblem(code: unknown, params: ProblemParams | undefined, detail: string | null | undefined): string | null {
  if (language === 'en' && detail) return detail;
  return formatProblemCode(code, params) ?? detail ?? null;
}

/**
 * Why a document could not be indexed, in the interface language: by its stored code (English
 * shows the server's fuller text); documents failed before codes existed keep their English text.
 */
export function documentErrorText(document: { error: string | null; errorCode?: string | null; errorParams?: ProblemParams | null }): string | null {
  if (!document.error && !document.errorCode) return null;
  return translateProblem(document.errorCode, document.errorParams ?? undefined, document.error);
}

/** A field problem in the person's words: its code's text in the interface language (English too), else the server's messages. */
export function translateFieldProblem(problem: { code?: string; params?: ProblemParams; messages: string[] }): string {
  return formatProblemCode(problem.code, problem.params) ?? problem.messages.join(', ');
}

/** What the web app itself says about a failure with no problem body. */
const LOCAL_TEXT = {
  en: {
    unreachable: 'The server cannot be reached. Check your connection and try again.',
    serverError: 'Something went wrong on the server. Please try again.',
    failed: 'The request failed ({status}).',
    unknown: 'Something went wrong.',
  },
  ru: {
    unreachable: 'Сервер недоступен. Проверьте подключение и попробуйте снова.',
    serverError: 'На сервере что-то пошло не так. Попробуйте ещё раз.',
    failed: 'Запрос не выполнен ({status}).',
    unknown: 'Что-то пошло не так.',
  },
} as const;

export function localProblemText(key: keyof (typeof LOCAL_TEXT)['en'], status?: number): string {
  return LOCAL_TEXT[language][key].replace('{status}', String(status ?? ''));
}
