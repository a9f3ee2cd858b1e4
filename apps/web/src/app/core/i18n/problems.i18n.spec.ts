import { PROBLEM_TEXT_EN } from '@assistants/common';
import { IntlMessageFormat } from 'intl-messageformat';
import { formatProblemCode } from './problem-message';
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

describe('Russian problem texts with params', () => {
  it('name what an unknown id is of, in the case each sentence needs', () => {
    expect(formatProblemCode('resource.id_unknown', { kind: 'task', id: 't1' }, 'ru')).toBe('Задача не найдена: идентификатор t1.');
    expect(formatProblemCode('access.no_read', { kind: 'conversation' }, 'ru')).toBe('У вас нет доступа к этому диалогу.');
    expect(formatProblemCode('access.owner_only', { kind: 'tool_server' }, 'ru')).toBe(
      'Изменять этот сервер инструментов может только владелец или администратор.',
    );
  });

  it('count waits and limits with Russian plurals', () => {
    expect(formatProblemCode('auth.login_throttled', { seconds: 21 }, 'ru')).toBe('Слишком много попыток входа. Попробуйте снова через 21 секунду.');
    expect(formatProblemCode('auth.login_throttled', { seconds: 5 }, 'ru')).toBe('Слишком много попыток входа. Попробуйте снова через 5 секунд.');
    expect(formatProblemCode('usage.range_too_long', { max: 31, bucket: 'hour' }, 'ru')).toBe('При разбивке по часам период может быть не длиннее 31 дня.');
    expect(formatProblemCode('task.already_ended', { id: 't1', status: 'cancelled' }, 'ru')).toBe('Задача t1 уже завершена (отменена).');
  });
});
