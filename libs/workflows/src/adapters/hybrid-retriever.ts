import type { PrismaClient } from '@assistants/db';
import type { Embedder } from '@assistants/llm';
import type { RetrievedPassage } from '../orchestration/chat-turn';
import type { Retriever, VectorIndex } from '../ports/search';

const RRF_K = 60;

interface TextHit {
  id: string;
  rank: number;
}

/** Words of the query joined with OR, safe for to_tsquery. */
export function toOrQuery(query: string): string | null {
  const words = [...new Set(query.toLowerCase().match(/[\p{L}\p{N}]{2,}/gu) ?? [])].slice(0, 32);
  return words.length ? words.join(' | ') : null;
}

/**
 * Full-text search in PostgreSQL and vector search in the vector index, fused by
 * reciprocal rank: a passage found by both ranks above one found by either alone.
 */
export class HybridRetriever implements Retriever {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly vectors: VectorIndex,
    private readonly embedder: Embedder,
  ) {}

  async retrieve(assistantId: string, query: string, limit: number, signal?: AbortSignal): Promise<RetrievedPassage[]> {
    const depth = limit * 3;
    const [textHits, vectorHits] = await Promise.all([this.textSearch(assistantId, query, depth), this.vectorSearch(assistantId, query, depth, signal)]);
    const scores = new Map<string, number>();
    const add = (id: string, rank: number) => scores.set(id, (scores.get(id) ?? 0) + 1 / (RRF_K + rank));
    textHits.forEach((hit) => add(hit.id, hit.rank));
    vectorHits.forEach((hit, i) => add(hit.chunkId, i + 1));
    const best = [...scores.entries()].sort((a, b) => b[1] - a[1]).slice(0, limit);
    if (best.length === 0) return [];
    const chunks = await this.prisma.chunk.findMany({
      where: { id: { in: best.map(([id]) => id) }, document: { status: 'ready' } },
      include: { document: { select: { filename: true } } },
    });
    const byId = new Map(chunks.map((c) => [c.id, c]));
    return best.flatMap(([id, score]) => {
      const chunk = byId.get(id);
      if (!chunk) return [];
      return [{
        chunkId: chunk.id,
        documentId: chunk.documentId,
        filename: chunk.document.filename,
        position: chunk.position,
        text: chunk.text,
        score: Math.round(score * 1e6) / 1e6,
        metadata: (chunk.metadata ?? {}) as Record<string, unknown>,
      }];
    });
  }

  private async textSearch(assistantId: string, query: string, limit: number): Promise<TextHit[]> {
    const tsQuery = toOrQuery(query);
    if (!tsQuery) return [];
    const rows = await this.prisma.$queryRaw<{ id: string }[]>`
      SELECT c.id
      FROM chunks c JOIN knowledge_documents d ON d.id = c.document_id
      WHERE c.assistant_id = ${assistantId}::uuid AND d.status = 'ready'
        AND to_tsvector('simple', c.text) @@ to_tsquery('simple', ${tsQuery})
      ORDER BY ts_rank(to_tsvector('simple', c.text), to_tsquery('simple', ${tsQuery})) DESC, c.id
      LIMIT ${limit}`;
    return rows.map((row, i) => ({ id: row.id, rank: i + 1 }));
  }

  private async vectorSearch(assistantId: string, query: string, limit: number, signal?: AbortSignal) {
    const [vector] = await this.embedder.embed([query], signal);
    return this.vectors.search(assistantId, this.embedder.model, vector, limit);
  }
}
