import type { PrismaClient } from '@assistants/db';
import type {
  Embedder,
  RetrievedPassage,
  LegReport,
  QueryEmbedding,
  Reranker,
  RetrievalResult,
  Retriever,
  SearchHits,
  SearchLeg,
  TextIndex,
  VectorIndex,
} from '@assistants/domain';
import { guessLanguage, fuseRanks, type FusionOptions } from '@assistants/domain';
import type { SqlQuery } from '../store/document-store';

export interface HybridOptions extends FusionOptions {
  /** A leg slower than this is dropped from the answer (and reported as `timeout`). */
  legTimeoutMs: number;
  /**
   * The vector leg's weight for queries that are not English (mostly Cyrillic, say): an English
   * embedding model ranks them worse than BM25 does. Unset: `weights.vector` for every query.
   */
  vectorWeightNonEnglish?: number;
  /** The reranker sees this many times `limit` fused candidates. */
  rerankPool: number;
  /** A reranker slower than this is skipped: the fused order stands (reported as `timeout`). */
  rerankTimeoutMs: number;
}

export const DEFAULT_HYBRID_OPTIONS: HybridOptions = { k: 20, weights: { text: 1, vector: 1 }, legTimeoutMs: 2000, rerankPool: 3, rerankTimeoutMs: 2000 };

export interface HybridLegs {
  text?: TextIndex;
  vector?: { index: VectorIndex; embedder: Embedder };
  /** Reorders the fused candidates; absent = the fused order is final. */
  reranker?: Reranker;
}

type Hits = SearchHits;

class LegTimeout extends Error {
  override name = 'LegTimeout';
}

const round = (n: number, digits = 6) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * Runs the legs it is given in parallel, each under its own deadline, and fuses their
 * rankings by reciprocal rank. A leg that fails or is slow leaves the other to answer and
 * is named in the report; with every leg down the result is empty, never an error.
 */
export class HybridRetriever implements Retriever {
  private readonly options: HybridOptions;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly legs: HybridLegs,
    options: Partial<HybridOptions> = {},
    /** The database's own connection: passages load in one raw statement, without the cost of Prisma's engine on every search. */
    private readonly sql?: SqlQuery,
  ) {
    this.options = { ...DEFAULT_HYBRID_OPTIONS, ...options, weights: { ...DEFAULT_HYBRID_OPTIONS.weights, ...options.weights } };
  }

  async retrieve(assistantId: string, query: string, limit: number, signal?: AbortSignal): Promise<RetrievalResult> {
    const { text, vector, reranker } = this.legs;
    const weights = this.weightsFor(query);
    // The reranker chooses among more than it returns; each leg brings more still, so that fusion has overlap.
    const pool = reranker ? Math.max(limit * this.options.rerankPool, limit) : limit;
    const depth = Math.max(pool, limit * 3, 10);
    const runs: [SearchLeg, string, (s: AbortSignal) => Promise<Hits>][] = [];
    let queryEmbedding: QueryEmbedding | undefined;
    // A leg weighted 0 could not change the order: not worth its time.
    if (text && weights.text > 0) runs.push(['text', text.engine, (s) => text.search(assistantId, query, depth, s)]);
    if (vector && weights.vector > 0) {
      runs.push([
        'vector',
        vector.index.engine ?? 'vector',
        async (s) => {
          const [embedding] = await vector.embedder.embed([query], s);
          queryEmbedding = { model: vector.embedder.model, vector: embedding };
          return vector.index.search(assistantId, vector.embedder.model, embedding, depth, s);
        },
      ]);
    }
    const settled = await Promise.all(runs.map(([leg, engine, run]) => this.runLeg(leg, engine, run, signal)));
    // The caller's own cancellation is not a leg failure: let it propagate.
    signal?.throwIfAborted();
    const results: Partial<Record<SearchLeg, Hits>> = {};
    for (const { leg, hits } of settled) if (hits) results[leg] = hits;
    const candidates = await this.load(fuseRanks(results, { k: this.options.k, weights }).slice(0, pool));
    const legs = settled.map((s) => s.report);
    if (!reranker || candidates.length === 0) return { passages: candidates.slice(0, limit), legs };
    const reranked = await this.rerank(reranker, query, candidates, limit, signal, queryEmbedding);
    return { passages: reranked.passages, legs: [...legs, reranked.report] };
  }

  /** The fusion weights for this query: the vector leg counts less on a query the embedding model does not read well. */
  weightsFor(query: string): Record<SearchLeg, number> {
    const { weights, vectorWeightNonEnglish } = this.options;
    if (vectorWeightNonEnglish === undefined || guessLanguage(query) === 'english') return weights;
    return { ...weights, vector: vectorWeightNonEnglish };
  }

  /** Reranked passages with their rerank rank and score; a reranker that fails or is slow leaves the fused order. */
  private async rerank(
    reranker: Reranker,
    query: string,
    candidates: RetrievedPassage[],
    limit: number,
    signal?: AbortSignal,
    queryEmbedding?: QueryEmbedding,
  ) {
    const started = performance.now();
    const report = (status: LegReport['status'], hits: number, error?: unknown): LegReport => ({
      leg: 'rerank',
      engine: reranker.engine,
      status,
      hits,
      durationMs: round(performance.now() - started, 2),
      ...(error !== undefined && { error: `${describe(error)}; kept the fused order` }),
    });
    try {
      const ranked = await this.withDeadline(this.options.rerankTimeoutMs, signal, (s) => reranker.rerank(query, candidates, limit, s, queryEmbedding));
      const byId = new Map(candidates.map((p) => [p.chunkId, p]));
      const passages = ranked.flatMap((hit, i) => {
        const passage = byId.get(hit.chunkId);
        return passage ? [{ ...passage, legs: { ...passage.legs, rerank: { rank: i + 1, score: round(hit.score) } } }] : [];
      });
      return { passages, report: report('ok', passages.length) };
    } catch (error) {
      signal?.throwIfAborted();
      return { passages: candidates.slice(0, limit), report: report(error instanceof LegTimeout ? 'timeout' : 'failed', 0, error) };
    }
  }

  private async runLeg(leg: SearchLeg, engine: string, run: (s: AbortSignal) => Promise<Hits>, outer?: AbortSignal) {
    const started = performance.now();
    try {
      const hits = await this.withDeadline(this.options.legTimeoutMs, outer, run);
      const report: LegReport = { leg, engine: hits.engine ?? engine, status: 'ok', hits: hits.length, durationMs: round(performance.now() - started, 2) };
      return { leg, hits, report };
    } catch (error) {
      const timedOut = error instanceof LegTimeout;
      const report: LegReport = {
        leg,
        engine,
        status: timedOut ? 'timeout' : 'failed',
        hits: 0,
        durationMs: round(performance.now() - started, 2),
        error: describe(error),
      };
      return { leg, hits: null, report };
    }
  }

  /** Runs `run` with a signal aborted by the caller or after `timeoutMs` (then rejects with LegTimeout). */
  private async withDeadline<T>(timeoutMs: number, outer: AbortSignal | undefined, run: (s: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    const abort = () => controller.abort(outer?.reason);
    outer?.addEventListener('abort', abort, { once: true });
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new LegTimeout(`no answer within ${timeoutMs} ms`);
        controller.abort(error);
        reject(error);
      }, timeoutMs);
    });
    try {
      return await Promise.race([run(controller.signal), deadline]);
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener('abort', abort);
    }
  }

  /**
   * The fused chunks as passages, in fused order; chunks gone, of documents not ready, or of a
   * generation that is not (or no longer) the document's live one (a re-index under way) drop out, and so do
   * files attached to a conversation: those are searched for their own conversation only.
   */
  private async load(best: ReturnType<typeof fuseRanks>): Promise<RetrievedPassage[]> {
    if (best.length === 0) return [];
    const byId = new Map((await this.passages(best.map((hit) => hit.chunkId))).map((c) => [c.id, c]));
    return best.flatMap((hit) => {
      const chunk = byId.get(hit.chunkId);
      if (!chunk) return [];
      return [
        {
          chunkId: chunk.id,
          documentId: chunk.documentId,
          filename: chunk.filename,
          position: chunk.position,
          text: chunk.text,
          score: round(hit.score),
          metadata: (chunk.metadata ?? {}) as Record<string, unknown>,
          legs: hit.legs,
        },
      ];
    });
  }

  private async passages(ids: string[]): Promise<{ id: string; documentId: string; filename: string; position: number; text: string; metadata: unknown }[]> {
    if (this.sql) {
      return this.sql.query(
        `SELECT c.id, c.document_id AS "documentId", d.filename, c.position, c.text, c.metadata
         FROM chunks c JOIN knowledge_documents d ON d.id = c.document_id
         WHERE c.id = ANY ($1::uuid[]) AND c.generation = d.live_generation AND d.conversation_id IS NULL`,
        [ids],
      );
    }
    const chunks = await this.prisma.chunk.findMany({
      where: { id: { in: ids }, document: { liveGeneration: { not: null }, conversationId: null } },
      select: {
        id: true,
        documentId: true,
        generation: true,
        position: true,
        text: true,
        metadata: true,
        document: { select: { filename: true, liveGeneration: true } },
      },
    });
    return chunks
      .filter((chunk) => chunk.generation === chunk.document.liveGeneration)
      .map(({ document, generation: _generation, ...chunk }) => ({ ...chunk, filename: document.filename }));
  }
}

/** A short reason for a report: engine errors can carry whole response bodies. */
function describe(error: unknown): string {
  const text = (e: unknown) => (e instanceof Error ? `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}` : String(e));
  // fetch() hides the reason (ECONNREFUSED, DNS) in `cause`.
  const cause = error instanceof Error && error.cause ? ` (${text(error.cause)})` : '';
  const message = text(error) + cause;
  return message.length > 300 ? `${message.slice(0, 300)}…` : message;
}
