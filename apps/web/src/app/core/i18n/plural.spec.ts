import { pluralKey } from './plural';

describe('pluralKey', () => {
  it('names the Russian form for a count: one, few, many, and other for a fraction', () => {
    const forms = [1, 2, 4, 5, 11, 12, 21, 22, 25, 101, 111, 0, 1.5].map((n) => [n, pluralKey('k', n, 'ru')]);
    expect(forms).toEqual([
      [1, 'k.one'],
      [2, 'k.few'],
      [4, 'k.few'],
      [5, 'k.many'],
      [11, 'k.many'],
      [12, 'k.many'],
      [21, 'k.one'],
      [22, 'k.few'],
      [25, 'k.many'],
      [101, 'k.one'],
      [111, 'k.many'],
      [0, 'k.many'],
      [1.5, 'k.other'],
    ]);
  });

  it('names the English form: one for 1, other for the rest', () => {
    expect([0, 1, 2, 21].map((n) => pluralKey('k', n, 'en'))).toEqual(['k.other', 'k.one', 'k.other', 'k.other']);
  });
});
