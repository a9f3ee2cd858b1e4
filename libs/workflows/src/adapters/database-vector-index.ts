import type { PrismaClient } from '@assistants/db';
import type { IndexedChunk, VectorIndex } from '../ports/search';

function cosine(a: number[], b: number[]): number {
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

/**
 * The embedded vector index: vectors in a table, exact cosine search in process.
 * Right for one company's knowledge base on one machine; Qdrant takes over at scale.
 */
export class DatabaseVectorIndex implements VectorIndex {
  readonly engine = 'database';

  constructor(private readonly prisma: PrismaClient) {}

  async upsert(chunks: IndexedChunk[], model: string): Promise<void> {
    if (chunks.length === 0) return;
    await this.prisma.$transaction([
      this.prisma.chunkVector.deleteMany({ where: { chunkId: { in: chunks.map((c) => c.chunkId) } } }),
      this.prisma.chunkVector.createMany({
        data: chunks.map((c) => ({ chunkId: c.chunkId, assistantId: c.assistantId, documentId: c.documentId, model, embedding: c.vector })),
      }),
    ]);
  }

  async deleteDocument(documentId: string): Promise<void> {
    await this.prisma.chunkVector.deleteMany({ where: { documentId } });
  }

  async search(assistantId: string, model: string, vector: number[], limit: number): Promise<{ chunkId: string; score: number }[]> {
    // Vectors left by another embedding model stay out until the documents are re-indexed.
    const rows = await this.prisma.chunkVector.findMany({ where: { assistantId, model }, select: { chunkId: true, embedding: true } });
    return rows
      .map((row) => ({ chunkId: row.chunkId, score: cosine(vector, row.embedding) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, limit);
  }
}
