import { IcuTranslateCompiler } from './icu-compiler';

describe('IcuTranslateCompiler', () => {
  const compiler = new IcuTranslateCompiler();
  const messages = '{n, plural, one {# сообщение} few {# сообщения} many {# сообщений} other {# сообщения}}';

  it('picks the Russian plural form of each count', () => {
    const format = compiler.compile(messages, 'ru');
    expect([1, 2, 5, 11, 21, 22, 25, 1.5].map((n) => format({ n }))).toEqual([
      '1 сообщение',
      '2 сообщения',
      '5 сообщений',
      '11 сообщений',
      '21 сообщение',
      '22 сообщения',
      '25 сообщений',
      '1,5 сообщения',
    ]);
  });

  it('fills named params and compiles nested dictionaries', () => {
    const compiled = compiler.compileTranslations({ a: { b: 'Hello {name}' } }, 'en') as { a: { b: (p: object) => string } };
    expect(compiled.a.b({ name: 'Ann' })).toBe('Hello Ann');
  });

  it('shows the text itself when a param is missing, rather than nothing', () => {
    expect(compiler.compile('Hello {name}', 'en')()).toBe('Hello {name}');
  });
});
