import { PROBLEM_TEXT_EN } from '@assistants/common';
import { IntlMessageFormat } from 'intl-messageformat';
import { PROBLEMS_RU } from './problems.i18n';

describe('PROBLEMS_RU', () => {
  it('has Russian text for every problem code the API answers with, and for no other', () => {
    expect(Object.keys(PROBLEMS_RU).sort()).toEqual(Object.keys(PROBLEM_TEXT_EN).sort());
  });

  it.each(Object.entries(PROBLEMS_RU))('%s is valid ICU MessageFormat with Cyrillic text', (_code, text) => {
    expect(() => new IntlMessageFormat(text, 'ru', undefined, { ignoreTag: true })).not.toThrow();
    expect(text).toMatch(/[А-Яа-яЁё]/);
  });
});
