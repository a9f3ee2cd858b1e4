/** Cosine of two vectors; 0 when either is all zeros. */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length && i < b.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

/** Scales values onto [0, 1] by their own range; all equal → all 1 (none is worse than another). */
export function minMax(values: number[]): number[] {
  if (values.length === 0) return [];
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return hi === lo ? values.map(() => 1) : values.map((v) => (v - lo) / (hi - lo));
}

/**
 * Relevance of each candidate: the fused (rank) score and the query's cosine, each scaled by
 * its own range within the pool (RRF scores and cosines have different units), mixed
 * `semantic : 1 − semantic`. 0 keeps the fused order; 1 orders by cosine alone.
 */
export function blendScores(fused: number[], cosines: number[], semantic: number): number[] {
  const f = minMax(fused);
  const c = minMax(cosines);
  return f.map((v, i) => (1 - semantic) * v + semantic * c[i]);
}

/**
 * Maximal marginal relevance: picks, one at a time, the candidate that best trades its
 * relevance against its likeness to what was already picked:
 * λ · relevance − (1 − λ) · max cosine to the picked. λ = 1 is the relevance order;
 * lower λ pushes near-duplicates (the same paragraph from two uploads) down.
 * Returns candidate indexes in picked order, at most `limit`.
 */
export function mmr(relevance: number[], vectors: number[][], lambda: number, limit: number): number[] {
  const left = relevance.map((_, i) => i);
  const picked: number[] = [];
  // The highest likeness of each candidate to anything picked so far, updated as we go.
  const likeness = relevance.map(() => 0);
  while (picked.length < limit && left.length > 0) {
    let best = 0;
    let bestScore = -Infinity;
    left.forEach((candidate, at) => {
      const score = lambda * relevance[candidate] - (picked.length ? (1 - lambda) * likeness[candidate] : 0);
      // Ties keep the earlier (better fused) candidate.
      if (score > bestScore) {
        bestScore = score;
        best = at;
      }
    });
    const [chosen] = left.splice(best, 1);
    picked.push(chosen);
    for (const candidate of left) likeness[candidate] = Math.max(likeness[candidate], cosine(vectors[candidate], vectors[chosen]));
  }
  return picked;
}

/**
 * Word stems by truncation: the first `length` letters of each word of three or more. Crude, but
 * it needs no dictionary and survives inflection in any language that inflects by endings
 * (Russian "отпуска", "отпуском", "отпуск" → "отпу"), where a Snowball stemmer misses
 * suppletive or irregular forms and the English embedding model reads Cyrillic as noise.
 */
export function prefixStems(text: string, length = 4): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w.length >= 3).map((w) => w.slice(0, length));
}

/**
 * BM25 (k1 1.2, b 0.75) of the query's stems in each of `texts`, with document frequencies and
 * lengths from those texts alone: a reranking feature over one candidate pool, so no index is
 * needed. The pool's statistics are a sample of the collection's, biased towards the query's
 * words, which lowers every IDF alike and keeps their order.
 */
export function poolBm25(query: string, texts: string[], length = 4): number[] {
  const docs = texts.map((t) => prefixStems(t, length));
  const frequency = new Map<string, number>();
  for (const doc of docs) for (const stem of new Set(doc)) frequency.set(stem, (frequency.get(stem) ?? 0) + 1);
  const average = docs.reduce((sum, doc) => sum + doc.length, 0) / (docs.length || 1);
  const terms = [...new Set(prefixStems(query, length))];
  return docs.map((doc) => {
    const tf = new Map<string, number>();
    for (const stem of doc) tf.set(stem, (tf.get(stem) ?? 0) + 1);
    let score = 0;
    for (const term of terms) {
      const f = tf.get(term);
      if (!f) continue;
      const df = frequency.get(term)!;
      const idf = Math.log(1 + (docs.length - df + 0.5) / (df + 0.5));
      score += (idf * f * 2.2) / (f + 1.2 * (0.25 + (0.75 * doc.length) / (average || 1)));
    }
    return score;
  });
}

/** One signal about each candidate, with its weight; `max` scales by the best value (0 stays 0), `range` by min–max. */
export interface RerankFeature {
  values: number[];
  weight: number;
  scale?: 'range' | 'max';
}

/**
 * Relevance from several signals of different units: each scaled within the pool, then the
 * weighted mean. `max` suits scores where 0 means "not found" (a text leg's BM25: a candidate
 * only the vector leg found keeps 0, not the pool's minimum).
 */
export function blendFeatures(features: RerankFeature[], count: number): number[] {
  const total = features.reduce((sum, f) => sum + f.weight, 0);
  const relevance = new Array<number>(count).fill(0);
  if (total <= 0) return relevance;
  for (const { values, weight, scale = 'range' } of features) {
    if (weight <= 0) continue;
    const top = Math.max(0, ...values);
    const scaled = scale === 'max' ? values.map((v) => (top > 0 ? Math.max(0, v) / top : 0)) : minMax(values);
    scaled.forEach((v, i) => (relevance[i] += (weight / total) * v));
  }
  return relevance;
}
