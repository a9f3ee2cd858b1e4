import type { RerankCandidate, RerankedHit, Reranker } from '@assistants/domain';

export interface HttpRerankOptions {
  /** `http://tei:8080`, `https://api.jina.ai/v1`, `https://api.cohere.com/v2`…; `/rerank` is added unless it is there. */
  baseUrl: string;
  model?: string;
  apiKey?: string;
  timeoutMs: number;
}

type RerankResult = { index?: unknown; relevance_score?: unknown; score?: unknown };

/**
 * The `/rerank` API cross-encoder servers share: TEI, Jina, Cohere, vLLM, Infinity. The
 * request names the passages both ways (`documents` for Cohere, Jina and vLLM, `texts` for
 * TEI; each ignores the other), and the answer is read both ways too: `{results: [{index,
 * relevance_score}]}` or TEI's bare `[{index, score}]`.
 */
export class HttpReranker implements Reranker {
  readonly engine = 'http';
  private readonly url: string;

  constructor(private readonly options: HttpRerankOptions) {
    const base = options.baseUrl.replace(/\/+$/, '');
    this.url = base.endsWith('/rerank') ? base : `${base}/rerank`;
  }

  async rerank(query: string, candidates: RerankCandidate[], limit: number, signal?: AbortSignal): Promise<RerankedHit[]> {
    if (candidates.length === 0 || limit <= 0) return [];
    const texts = candidates.map((c) => c.text);
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const response = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(this.options.apiKey && { authorization: `Bearer ${this.options.apiKey}` }) },
      body: JSON.stringify({
        ...(this.options.model && { model: this.options.model }),
        query,
        documents: texts,
        texts,
        top_n: Math.min(limit, candidates.length),
        return_documents: false,
      }),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    if (!response.ok) throw new Error(`rerank endpoint answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
    return parseRerankResponse(await response.json(), candidates).slice(0, limit);
  }
}

/** Both answer shapes, best first; an index out of range or a missing score is a broken answer, not a guess. */
export function parseRerankResponse(body: unknown, candidates: RerankCandidate[]): RerankedHit[] {
  const results: unknown = Array.isArray(body)
    ? body
    : ((body as { results?: unknown; data?: unknown } | null)?.results ?? (body as { data?: unknown } | null)?.data);
  if (!Array.isArray(results)) throw new Error('rerank endpoint answered without a results list');
  const seen = new Set<number>();
  const hits = (results as RerankResult[]).map((r) => {
    const index = r?.index;
    const score = r?.relevance_score ?? r?.score;
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= candidates.length || seen.has(index)) {
      throw new Error(`rerank endpoint answered a bad index: ${JSON.stringify(index)}`);
    }
    if (typeof score !== 'number' || !Number.isFinite(score)) throw new Error(`rerank endpoint answered a bad score: ${JSON.stringify(score)}`);
    seen.add(index);
    return { chunkId: candidates[index].chunkId, score, index };
  });
  return hits.sort((a, b) => b.score - a.score || a.index - b.index).map(({ chunkId, score }) => ({ chunkId, score }));
}
