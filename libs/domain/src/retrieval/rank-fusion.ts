import type { LegHit, SearchLeg } from '../ports/search';

export interface FusionOptions {
  /** RRF's k: larger flattens the difference between ranks (60 in the original paper). */
  k: number;
  weights: Record<SearchLeg, number>;
}

export interface FusedHit {
  chunkId: string;
  score: number;
  legs: Partial<Record<SearchLeg, LegHit>>;
}

/**
 * Weighted reciprocal rank fusion: score = Σ weight / (k + rank) over the legs that found
 * the chunk. Only ranks count, so BM25 and cosine scores never need to be comparable;
 * a chunk both legs found ranks above one either found alone.
 */
export function fuseRanks(results: Partial<Record<SearchLeg, { chunkId: string; score: number }[]>>, options: FusionOptions): FusedHit[] {
  const fused = new Map<string, FusedHit>();
  for (const [leg, hits] of Object.entries(results) as [SearchLeg, { chunkId: string; score: number }[]][]) {
    hits.forEach((hit, i) => {
      const rank = i + 1;
      const entry = fused.get(hit.chunkId) ?? { chunkId: hit.chunkId, score: 0, legs: {} };
      // An engine that returns a chunk twice keeps its best rank.
      if (entry.legs[leg]) return;
      entry.legs[leg] = { rank, score: hit.score };
      entry.score += options.weights[leg] / (options.k + rank);
      fused.set(hit.chunkId, entry);
    });
  }
  return [...fused.values()].sort((a, b) => b.score - a.score || a.chunkId.localeCompare(b.chunkId));
}
