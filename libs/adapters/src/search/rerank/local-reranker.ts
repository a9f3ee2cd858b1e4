import { type Embedder, guessLanguage, blendFeatures, blendScores, cosine, mmr, poolBm25 } from '@assistants/domain';
import { HashingEmbedder } from '../../embeddings/hashing-embedder';
import type { QueryEmbedding, RerankCandidate, RerankedHit, Reranker, VectorIndex } from '@assistants/domain';

export interface LocalRerankOptions {
  /** Share of the query's cosine in the relevance (the rest is the fused score), for English queries. */
  semantic: number;
  /** The same for other queries when `nonEnglish` is `model`. */
  semanticNonEnglish: number;
  /**
   * How queries not in English are judged. `lexical` (default): the weighted mix below, mostly
   * signals about shared words, because the local model is English and its cosine on Russian is
   * mostly noise. `model`: the embedder's cosine (share `semanticNonEnglish`), right for a
   * multilingual embeddings endpoint.
   */
  nonEnglish: 'lexical' | 'model';
  /**
   * The `lexical` mix (weights, any scale): the fused score; the model's cosine; the hashing
   * embedder's word + trigram cosine; the text leg's own score (BM25, ts_rank) against the best
   * in the pool; BM25 of 4-letter stems within the pool (inflection-proof, no dictionary).
   */
  mix: { fused: number; semantic: number; lexical: number; text: number; stems: number };
  /** MMR's λ: 1 = relevance only, lower = more diversity. */
  lambda: number;
  /** Passage vectors kept between queries, by chunk id. */
  cacheSize?: number;
}

/** The mix was chosen on the even-numbered questions of the Russian evaluation set (bench/RESULTS.md "retrieval"). */
export const DEFAULT_LOCAL_RERANK: LocalRerankOptions = {
  semantic: 0.8,
  semanticNonEnglish: 0.35,
  nonEnglish: 'lexical',
  mix: { fused: 0.4, semantic: 0.2, lexical: 0.3, text: 0.3, stems: 1 },
  lambda: 0.85,
};

/**
 * The reranker that needs no extra model: the embedder's cosine between the query and each
 * candidate blended with the fused score (for other languages than English, by default a mix
 * led by word signals), then MMR so that near-duplicates do not fill the context. Passage
 * vectors come from the vector index (stored at ingest) or are embedded once, and are cached by
 * chunk id (a chunk's text never changes in place).
 */
export class LocalReranker implements Reranker {
  readonly engine = 'local';
  private readonly options: LocalRerankOptions;
  private readonly cache = new Map<string, number[]>();
  private readonly lexical = new HashingEmbedder();

  /**
   * `stored`: the vector index the vector leg searches; the candidates' vectors of the embedder's
   * model are read from it (written at ingest), and only chunks without one are embedded here.
   */
  constructor(
    private readonly embedder: Embedder,
    options: Partial<LocalRerankOptions> = {},
    private readonly stored?: Pick<VectorIndex, 'vectorsOf'>,
  ) {
    this.options = { ...DEFAULT_LOCAL_RERANK, ...options, mix: { ...DEFAULT_LOCAL_RERANK.mix, ...options.mix } };
  }

  async rerank(query: string, candidates: RerankCandidate[], limit: number, signal?: AbortSignal, queryEmbedding?: QueryEmbedding): Promise<RerankedHit[]> {
    if (candidates.length === 0 || limit <= 0) return [];
    const english = guessLanguage(query) === 'english';
    const lexicalMix = !english && this.options.nonEnglish === 'lexical';
    // The model is not asked at all when the mix leaves it out.
    const semantic =
      lexicalMix && this.options.mix.semantic <= 0
        ? { vectors: [], cosines: candidates.map(() => 0) }
        : await this.cosines(query, candidates, signal, queryEmbedding);
    let relevance: number[];
    let likeness: number[][];
    if (!lexicalMix) {
      relevance = blendScores(
        candidates.map((c) => c.score),
        semantic.cosines,
        english ? this.options.semantic : this.options.semanticNonEnglish,
      );
      likeness = semantic.vectors;
    } else {
      const words = this.lexical.vector(query);
      likeness = candidates.map((c) => this.lexical.vector(c.text));
      const { mix } = this.options;
      relevance = blendFeatures(
        [
          { values: candidates.map((c) => c.score), weight: mix.fused },
          { values: semantic.cosines, weight: mix.semantic },
          { values: likeness.map((v) => cosine(words, v)), weight: mix.lexical },
          { values: candidates.map((c) => c.legs?.text?.score ?? 0), weight: mix.text, scale: 'max' },
          {
            values: poolBm25(
              query,
              candidates.map((c) => c.text),
            ),
            weight: mix.stems,
          },
        ],
        candidates.length,
      );
    }
    return mmr(relevance, likeness, this.options.lambda, limit).map((i) => ({ chunkId: candidates[i].chunkId, score: relevance[i] }));
  }

  /** The model's cosine between the query and each candidate, from stored or cached vectors where there are any. */
  private async cosines(query: string, candidates: RerankCandidate[], signal?: AbortSignal, queryEmbedding?: QueryEmbedding) {
    const { model } = this.embedder;
    const key = (c: RerankCandidate) => `${model}:${c.chunkId}`;
    // The vector leg's own embedding of the query, when it came from this embedder.
    const known = queryEmbedding?.model === model ? queryEmbedding.vector : undefined;
    if (this.stored)
      await this.loadStored(
        candidates.filter((c) => !this.cache.has(key(c))),
        known?.length ?? this.embedder.dimensions,
        signal,
      );
    const missing = candidates.filter((c) => !this.cache.has(key(c)));
    const texts = [...(known ? [] : [query]), ...missing.map((c) => c.text)];
    const vectors = texts.length ? await this.embedder.embed(texts, signal) : [];
    const queryVector = known ?? vectors.shift()!;
    missing.forEach((c, i) => this.remember(key(c), vectors[i]));
    const passageVectors = candidates.map((c) => this.cache.get(key(c))!);
    return { vectors: passageVectors, cosines: passageVectors.map((v) => cosine(queryVector, v)) };
  }

  /** Stored vectors of the model into the cache; a failing index only means embedding them here. */
  private async loadStored(candidates: RerankCandidate[], dimensions: number, signal?: AbortSignal): Promise<void> {
    if (candidates.length === 0) return;
    const { model } = this.embedder;
    const found = await this.stored!.vectorsOf(
      model,
      dimensions,
      candidates.map((c) => c.chunkId),
      signal,
    ).catch(() => new Map<string, number[]>());
    for (const [chunkId, vector] of found) this.remember(`${model}:${chunkId}`, vector);
  }

  private remember(key: string, vector: number[]): void {
    this.cache.set(key, vector);
    // Oldest first out: a Map iterates in insertion order.
    if (this.cache.size > (this.options.cacheSize ?? 5000)) this.cache.delete(this.cache.keys().next().value!);
  }
}
