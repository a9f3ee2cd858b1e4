import { BytePairEncoder } from './byte-pair-encoder';

// A toy rank table in js-tiktoken's key format; the tokenizer's spec checks the real tables against js-tiktoken.
const ranks = new Map(Object.entries({ '97': 0, '98': 1, '99': 2, '97,97': 3, '98,99': 5, '97,98': 10, '97,98,99,99': 20 }));
const bytes = (text: string) => new TextEncoder().encode(text);

describe('BytePairEncoder', () => {
  const bpe = new BytePairEncoder(ranks);

  it('takes a whole piece that is a token as one', () => {
    expect(bpe.encode(bytes('a'))).toEqual([0]);
  });

  it('merges the lowest-ranked pair first, the leftmost of equal ones', () => {
    expect(bpe.encode(bytes('abc'))).toEqual([0, 5]); // bc (5) before ab (10)
    expect(bpe.encode(bytes('aaa'))).toEqual([3, 0]); // the left "aa" of two equal ones
    expect(bpe.encode(bytes('aaaa'))).toEqual([3, 3]);
  });

  it('keeps merging merged parts as long as they make a token', () => {
    // No path to "abcc" without "abc": a + bc + c + b stay apart.
    expect(bpe.encode(bytes('abccb'))).toEqual([0, 5, 2, 1]);
    // With it: bc, then abc, then abcc; "abccb" is no token.
    expect(new BytePairEncoder(new Map([...ranks, ['97,98,99', 7]])).encode(bytes('abccb'))).toEqual([20, 1]);
  });
});
