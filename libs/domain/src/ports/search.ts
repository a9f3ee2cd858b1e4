import type { RetrievedPassage } from '../turns';

export interface IndexedChunk {
  chunkId: string;
  assistantId: string;
  documentId: string;
  text: string;
  vector: number[];
}

/**
 * A leg's hits, best first. `engine`, when set, names the way this one search went where an index
 * has more than one (a cache still filling answers from SQL); the report shows it instead of the
 * index's own name.
 */
export type SearchHits = { chunkId: string; score: number }[] & { engine?: string };

/** Marks hits as answered another way than the index's usual one (see SearchHits). */
export function answeredBy(hits: { chunkId: string; score: number }[], engine: string): SearchHits {
  return Object.assign(hits, { engine });
}

/** Where chunk vectors live: the embedded table here, Qdrant in production. */
export interface VectorIndex {
  /** Names the engine in retrieval reports (`database`, `qdrant`). */
  readonly engine?: string;
  upsert(chunks: IndexedChunk[], model: string): Promise<void>;
  deleteDocument(documentId: string): Promise<void>;
  /** Removes these chunks (a re-indexed document's previous generation), whatever model embedded them. */
  deleteChunks(chunkIds: string[]): Promise<void>;
  /** Only vectors of `model` are compared: vectors of different models (or sizes) are not comparable. */
  search(assistantId: string, model: string, vector: number[], limit: number, signal?: AbortSignal): Promise<SearchHits>;
  /**
   * The stored vectors of these chunks for `model` (of `dimensions`), by chunk id; chunks without
   * one (not embedded yet, or by another model) are absent. Lets the reranker reuse what ingest
   * already computed instead of embedding every candidate again.
   */
  vectorsOf(model: string, dimensions: number, chunkIds: string[], signal?: AbortSignal): Promise<Map<string, number[]>>;
}

export interface TextChunk {
  chunkId: string;
  assistantId: string;
  documentId: string;
  text: string;
  /** `english`, `russian` or `simple`; guessed from the text when absent. */
  language?: string;
  metadata?: Record<string, unknown>;
}

/** Where chunk text is searched by words (BM25 or PostgreSQL full text). */
export interface TextIndex {
  /** Names the engine in retrieval reports (`postgres`, `opensearch`, `elasticsearch`). */
  readonly engine: string;
  index(chunks: TextChunk[]): Promise<void>;
  deleteDocument(documentId: string): Promise<void>;
  /** Removes these chunks (a re-indexed document's previous generation). */
  deleteChunks(chunkIds: string[]): Promise<void>;
  /** Best first; scores are the engine's own (BM25, ts_rank) and comparable only within one search. */
  search(assistantId: string, query: string, limit: number, signal?: AbortSignal): Promise<SearchHits>;
}

export type SearchLeg = 'text' | 'vector';

/** A passage offered to a reranker: its text and the score fusion gave it. */
export interface RerankCandidate {
  chunkId: string;
  text: string;
  /** The fused (reciprocal rank) score, best first in the list given. */
  score: number;
  /** Where each leg ranked it, with the leg's own score (a reranker may weigh the text leg's BM25). */
  legs?: Partial<Record<SearchLeg, LegHit>>;
}

/** A reranked passage: the reranker's own score (its units are the reranker's). */
export interface RerankedHit {
  chunkId: string;
  score: number;
}

/**
 * Reorders the fused candidates by a closer look at query and text (a cross-encoder over
 * HTTP, or the local embedder's cosine with MMR). Returns at most `limit`, best first.
 */
export interface Reranker {
  /** Names the reranker in retrieval reports (`local`, `http`). */
  readonly engine: string;
  /** `queryEmbedding`: the query's vector the vector leg already computed, so it is not embedded twice. */
  rerank(query: string, candidates: RerankCandidate[], limit: number, signal?: AbortSignal, queryEmbedding?: QueryEmbedding): Promise<RerankedHit[]>;
}

/** A query's vector and the embedding model that made it. */
export interface QueryEmbedding {
  model: string;
  vector: number[];
}

/** Where one leg ranked a passage (1 = best) and the score it gave. */
export interface LegHit {
  rank: number;
  score: number;
}

/** How one leg of a search went: a failed or slow leg leaves the other to answer; a failed rerank keeps the fused order. */
export interface LegReport {
  leg: SearchLeg | 'rerank';
  engine: string;
  status: 'ok' | 'failed' | 'timeout';
  hits: number;
  durationMs: number;
  error?: string;
}

export interface RetrievalResult {
  passages: RetrievedPassage[];
  legs: LegReport[];
}

/** Finds the passages of an assistant's knowledge base that answer a query. */
export interface Retriever {
  retrieve(assistantId: string, query: string, limit: number, signal?: AbortSignal): Promise<RetrievalResult>;
}
