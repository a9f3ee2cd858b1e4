import { type Embedder, guessLanguage, blendScores, cosine, mmr } from '@assistants/domain';
import { HashingEmbedder } from '../../embeddings/hashing-embedder';
import type { QueryEmbedding, RerankCandidate, RerankedHit, Reranker, VectorIndex } from '@assistants/domain';

export interface LocalRerankOptions {
  /** Share of the query's cosine in the relevance (the rest is the fused score), for English queries. */
  semantic: number;
  /** The same for other queries, measured with `nonEnglish` below. */
  semanticNonEnglish: number;
  /**
   * What measures likeness for queries not in English. `lexical` (default): word and trigram
   * vectors of the hashing embedder, because the local model is English and its cosine on
   * Russian is mostly noise, while shared word stems are not. `model`: the embedder's own
   * cosine, right for a multilingual embeddings endpoint.
   */
  nonEnglish: 'lexical' | 'model';
  /** MMR's λ: 1 = relevance only, lower = more diversity. */
  lambda: number;
  /** Passage vectors kept between queries, by chunk id. */
  cacheSize?: number;
}

export const DEFAULT_LOCAL_RERANK: LocalRerankOptions = { semantic: 0.8, semanticNonEnglish: 0.35, nonEnglish: 'lexical', lambda: 0.85 };

/**
 * The reranker that needs no extra model: the embedder's cosine between the query and each
 * candidate (for other languages than English, by default a lexical likeness), blended with
 * the fused score, then MMR so that near-duplicates do not fill the context. Passage vectors
 * are cached by chunk id (a chunk's text never changes in place).
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
    this.options = { ...DEFAULT_LOCAL_RERANK, ...options };
  }

  async rerank(query: string, candidates: RerankCandidate[], limit: number, signal?: AbortSignal, queryEmbedding?: QueryEmbedding): Promise<RerankedHit[]> {
    if (candidates.length === 0 || limit <= 0) return [];
    const english = guessLanguage(query) === 'english';
    const embedder = english || this.options.nonEnglish === 'model' ? this.embedder : this.lexical;
    const key = (c: RerankCandidate) => `${embedder.model}:${c.chunkId}`;
    // The vector leg's own embedding of the query, when it came from this embedder.
    const known = queryEmbedding?.model === embedder.model ? queryEmbedding.vector : undefined;
    if (this.stored && embedder === this.embedder) await this.loadStored(candidates.filter((c) => !this.cache.has(key(c))), known?.length ?? embedder.dimensions, signal);
    const missing = candidates.filter((c) => !this.cache.has(key(c)));
    const texts = [...(known ? [] : [query]), ...missing.map((c) => c.text)];
    const vectors = texts.length ? await embedder.embed(texts, signal) : [];
    const queryVector = known ?? vectors.shift()!;
    missing.forEach((c, i) => this.remember(key(c), vectors[i]));
    const passageVectors = candidates.map((c) => this.cache.get(key(c))!);
    const semantic = english ? this.options.semantic : this.options.semanticNonEnglish;
    const relevance = blendScores(
      candidates.map((c) => c.score),
      passageVectors.map((v) => cosine(queryVector, v)),
      semantic,
    );
    return mmr(relevance, passageVectors, this.options.lambda, limit).map((i) => ({ chunkId: candidates[i].chunkId, score: relevance[i] }));
  }

  /** Stored vectors of the model into the cache; a failing index only means embedding them here. */
  private async loadStored(candidates: RerankCandidate[], dimensions: number, signal?: AbortSignal): Promise<void> {
    if (candidates.length === 0) return;
    const { model } = this.embedder;
    const found = await this.stored!.vectorsOf(model, dimensions, candidates.map((c) => c.chunkId), signal).catch(() => new Map<string, number[]>());
    for (const [chunkId, vector] of found) this.remember(`${model}:${chunkId}`, vector);
  }

  private remember(key: string, vector: number[]): void {
    this.cache.set(key, vector);
    // Oldest first out: a Map iterates in insertion order.
    if (this.cache.size > (this.options.cacheSize ?? 5000)) this.cache.delete(this.cache.keys().next().value!);
  }
}
