import { pluralForm } from './plural';

describe('pluralForm', () => {
  it('follows Russian rules: 1, 21 one; 2–4, 22 few; 0, 5–20, 25 many', () => {
    expect([1, 21, 101].map((n) => pluralForm(n, 'ru'))).toEqual(['one', 'one', 'one']);
    expect([2, 3, 4, 22].map((n) => pluralForm(n, 'ru'))).toEqual(['few', 'few', 'few', 'few']);
    expect([0, 5, 11, 12, 14, 20, 25].map((n) => pluralForm(n, 'ru'))).toEqual(['many', 'many', 'many', 'many', 'many', 'many', 'many']);
  });

  it('has one and other in English', () => {
    expect([0, 1, 2, 5, 21].map((n) => pluralForm(n, 'en'))).toEqual(['other', 'one', 'other', 'other', 'other']);
  });
});
