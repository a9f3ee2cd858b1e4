import type { ViewKeys } from './keys';

/** The two search legs, and `rerank` for the reordering after fusion. */
export type SearchLegName = 'text' | 'vector' | 'rerank';

/** Where one search leg ranked a passage before fusion (1 = best), with the engine's own score. */
export interface SearchLegHitView {
  rank: number;
  score: number;
}

export const SEARCH_LEG_HIT_KEYS: ViewKeys<SearchLegHitView> = { rank: 'required', score: 'required' };

/** How one leg of a search went: a failed or slow leg leaves the other to answer. */
export interface SearchLegView {
  leg: SearchLegName;
  /** `postgres`, `opensearch`, `elasticsearch`, `database`, `qdrant`. */
  engine: string;
  status: 'ok' | 'failed' | 'timeout';
  hits: number;
  durationMs: number;
  error?: string;
}

export const SEARCH_LEG_VIEW_KEYS: ViewKeys<SearchLegView> = {
  leg: 'required',
  engine: 'required',
  status: 'required',
  hits: 'required',
  durationMs: 'required',
  error: 'optional',
};

/** One passage of a search, ranked after fusion. */
export interface SearchPassageView {
  rank: number;
  chunkId: string;
  documentId: string;
  documentName: string;
  page: number | null;
  heading: string | null;
  position: number;
  text: string;
  /** The fused (reciprocal rank) score. */
  score: number;
  /** Rank and score each leg gave; `rerank` holds the reranker's score (the final order follows it). */
  legs: { text?: SearchLegHitView; vector?: SearchLegHitView; rerank?: SearchLegHitView };
}

export const SEARCH_PASSAGE_VIEW_KEYS: ViewKeys<SearchPassageView> = {
  rank: 'required',
  chunkId: 'required',
  documentId: 'required',
  documentName: 'required',
  page: 'required',
  heading: 'required',
  position: 'required',
  text: 'required',
  score: 'required',
  legs: 'required',
};

/** The answer of POST /api/assistants/:id/search: what a chat turn would be given as context. */
export interface SearchResultView {
  query: string;
  passages: SearchPassageView[];
  legs: SearchLegView[];
  durationMs: number;
}

export const SEARCH_RESULT_VIEW_KEYS: ViewKeys<SearchResultView> = { query: 'required', passages: 'required', legs: 'required', durationMs: 'required' };
