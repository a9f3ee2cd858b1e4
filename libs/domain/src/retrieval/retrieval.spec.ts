import { guessLanguage, queryWords } from './language';
import { fuseRanks } from './rank-fusion';

describe('guessLanguage', () => {
  it('picks the stemmer from the letters', () => {
    expect(guessLanguage('Employees get thirty days of leave.')).toBe('english');
    expect(guessLanguage('Сотрудники получают тридцать дней отпуска.')).toBe('russian');
    // Russian prose with a few Latin product names is still Russian.
    expect(guessLanguage('Настройте Kubernetes и Docker перед установкой сервиса.')).toBe('russian');
    expect(guessLanguage('12345 — 678')).toBe('simple');
    expect(guessLanguage('東京は日本の首都です')).toBe('simple');
  });
});

describe('queryWords', () => {
  it('keeps letters and digits, once each, lower-cased', () => {
    expect(queryWords("Who's the CEO? the ceo & 2024 Отпуск")).toEqual(['who', 'the', 'ceo', '2024', 'отпуск']);
    expect(queryWords('!!! ?')).toEqual([]);
  });
});

describe('fuseRanks', () => {
  const hits = (...ids: string[]) => ids.map((chunkId, i) => ({ chunkId, score: 10 - i }));

  it("puts what both legs found above what either found alone, and keeps each leg's rank", () => {
    const fused = fuseRanks({ text: hits('a', 'b', 'c'), vector: hits('c', 'd') }, { k: 60, weights: { text: 1, vector: 1 } });
    expect(fused[0]).toMatchObject({ chunkId: 'c', legs: { text: { rank: 3, score: 8 }, vector: { rank: 1, score: 10 } } });
    expect(fused[0].score).toBeCloseTo(1 / 63 + 1 / 61);
    expect(fused.map((h) => h.chunkId)).toEqual(['c', 'a', 'b', 'd']);
  });

  it('weights a leg', () => {
    const fused = fuseRanks({ text: hits('a'), vector: hits('b') }, { k: 60, weights: { text: 1, vector: 2 } });
    expect(fused.map((h) => h.chunkId)).toEqual(['b', 'a']);
  });

  it('works with one leg or none', () => {
    expect(fuseRanks({ vector: hits('x', 'y') }, { k: 1, weights: { text: 1, vector: 1 } }).map((h) => [h.chunkId, h.score])).toEqual([
      ['x', 0.5],
      ['y', 1 / 3],
    ]);
    expect(fuseRanks({}, { k: 60, weights: { text: 1, vector: 1 } })).toEqual([]);
  });

  it('counts a chunk an engine returned twice once, at its best rank', () => {
    const fused = fuseRanks({ text: hits('a', 'a', 'b') }, { k: 60, weights: { text: 1, vector: 1 } });
    expect(fused.map((h) => [h.chunkId, h.legs.text?.rank])).toEqual([
      ['a', 1],
      ['b', 3],
    ]);
  });
});
