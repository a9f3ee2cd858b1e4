import { blendFeatures, blendScores, cosine, minMax, mmr, poolBm25, prefixStems } from './rerank-math';

describe('rerank arithmetic', () => {
  it('measures cosine and scales by range', () => {
    expect(cosine([1, 0], [0, 1])).toBe(0);
    expect(cosine([1, 1], [2, 2])).toBeCloseTo(1);
    expect(cosine([0, 0], [1, 1])).toBe(0);
    expect(minMax([2, 4, 3])).toEqual([0, 1, 0.5]);
    // All equal: none is worse than another.
    expect(minMax([5, 5])).toEqual([1, 1]);
    expect(minMax([])).toEqual([]);
  });

  it('blends fused and semantic scores, each on its own range', () => {
    const fused = [0.033, 0.03, 0.016];
    const cos = [0.1, 0.8, 0.5];
    expect(blendScores(fused, cos, 0)).toEqual(minMax(fused));
    expect(blendScores(fused, cos, 1)).toEqual(minMax(cos));
    const half = blendScores(fused, cos, 0.5);
    expect(half[0]).toBeCloseTo(0.5 * 1 + 0.5 * 0);
    expect(half[1]).toBeCloseTo(0.5 * (0.014 / 0.017) + 0.5 * 1);
    expect(half[2]).toBeCloseTo(0.5 * 0 + 0.5 * (0.4 / 0.7));
  });

  it('keeps the relevance order with λ = 1 and pushes a near-duplicate down with a lower λ', () => {
    const relevance = [1, 0.95, 0.6];
    // The second candidate is (almost) the first one again; the third is about something else.
    const vectors = [
      [1, 0],
      [0.99, 0.01],
      [0, 1],
    ];
    expect(mmr(relevance, vectors, 1, 3)).toEqual([0, 1, 2]);
    expect(mmr(relevance, vectors, 0.5, 3)).toEqual([0, 2, 1]);
    // At 0.5: the duplicate scores 0.5·0.95 − 0.5·≈1 < 0.5·0.6 − 0.5·0.
    expect(mmr(relevance, vectors, 0.5, 2)).toEqual([0, 2]);
    expect(mmr([], [], 0.5, 3)).toEqual([]);
  });

  it('breaks ties by the earlier (better fused) candidate', () => {
    expect(
      mmr(
        [0.5, 0.5, 0.5],
        [
          [1, 0],
          [0, 1],
          [1, 1],
        ],
        1,
        3,
      ),
    ).toEqual([0, 1, 2]);
  });
});

describe('stems and blended features', () => {
  it('cuts words of three letters or more to their first letters', () => {
    expect(prefixStems('Отпуска, отпуском и ОТПУСК — ok 2024')).toEqual(['отпу', 'отпу', 'отпу', '2024']);
    expect(prefixStems('leave days', 3)).toEqual(['lea', 'day']);
  });

  it('scores BM25 of the query stems within the pool: inflected forms match, rarer stems weigh more', () => {
    const pool = [
      'Ежегодный отпуск длится 28 дней.',
      'Отпуском по уходу ведает отдел кадров.',
      'Ноутбуки меняют раз в три года.',
      'Отдел кадров отвечает за пропуска.',
    ];
    const scores = poolBm25('отпуска в отделе', pool);
    expect(scores[2]).toBe(0);
    // "отпу" and "отде" both match the second passage; the first and the fourth match one each.
    expect(scores[1]).toBeGreaterThan(scores[0]);
    expect(scores[1]).toBeGreaterThan(scores[3]);
    expect(poolBm25('', pool)).toEqual([0, 0, 0, 0]);
    expect(poolBm25('отпуск', [])).toEqual([]);
  });

  it('blends features as a weighted mean of each scaled within the pool', () => {
    const fused = [0.05, 0.04, 0.03];
    const text = [6, 0, 3];
    // Range: 1, 0.5, 0. Max: 1, 0, 0.5 (not found stays 0).
    const blended = blendFeatures(
      [
        { values: fused, weight: 1 },
        { values: text, weight: 3, scale: 'max' },
      ],
      3,
    );
    expect(blended[0]).toBeCloseTo(1);
    expect(blended[1]).toBeCloseTo(0.25 * 0.5);
    expect(blended[2]).toBeCloseTo(0.75 * 0.5);
    expect(blendFeatures([{ values: fused, weight: 0 }], 3)).toEqual([0, 0, 0]);
    expect(blendFeatures([{ values: [0, 0], weight: 1, scale: 'max' }], 2)).toEqual([0, 0]);
  });
});
