/** Cosine of two vectors; 0 when either is all zeros. */
export function cosine(a: number[], b: number[]): number {
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
