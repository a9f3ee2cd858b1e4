import { throwIfAborted } from '@assistants/domain';
import type { Embedder } from '@assistants/domain';

const TRIGRAM_WEIGHT = 0.5;

/**
 * Offline embeddings for the embedded mode, where no model can be downloaded: feature hashing
 * of lower-cased words and of character trigrams into a fixed-size, L2-normalised vector.
 *
 * It is LEXICAL, not semantic: texts are close when they share words or word fragments
 * ("refund" ~ "refunds"), never because they mean the same ("refund" !~ "money back").
 * Deterministic across processes and versions of Node, so stored vectors stay comparable;
 * changing the scheme means changing `model` so old vectors are re-embedded.
 */
export class HashingEmbedder implements Embedder {
  readonly model: string;

  constructor(readonly dimensions = 384) {
    this.model = `hashing-v1-${dimensions}`;
  }

  async embed(texts: string[], signal?: AbortSignal): Promise<number[][]> {
    throwIfAborted(signal);
    return texts.map((t) => this.vector(t));
  }

  /** Synchronous form, for callers (and tests) that need no promise. */
  vector(text: string): number[] {
    const counts = new Map<string, number>();
    const add = (feature: string) => counts.set(feature, (counts.get(feature) ?? 0) + 1);
    for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
      add(`w:${word}`);
      // Trigrams of the word with boundary marks let inflections and typos overlap partially.
      const padded = `#${word}#`;
      for (let i = 0; i + 3 <= padded.length; i++) add(`t:${padded.slice(i, i + 3)}`);
    }
    const v = new Array<number>(this.dimensions).fill(0);
    for (const [feature, count] of counts) {
      const h = fnv1a(feature);
      // One hash bit picks the sign, so colliding features cancel out instead of piling up.
      const sign = h & 0x80000000 ? -1 : 1;
      // Whole words weigh more than fragments; sub-linear counts keep a word repeated ten times
      // from drowning the rest of the text.
      const weight = feature.startsWith('w:') ? 1 : TRIGRAM_WEIGHT;
      v[(h & 0x7fffffff) % this.dimensions] += sign * weight * (1 + Math.log(count));
    }
    const norm = Math.hypot(...v);
    // Empty or symbol-only text stays the zero vector: there is nothing to be similar to.
    return norm === 0 ? v : v.map((x) => x / norm);
  }
}

/** 32-bit FNV-1a over UTF-16 code units: tiny, fast, stable. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
