import { chunkDocument, parseDocument } from '@assistants/ingest';
import { countTokens } from '@assistants/llm';
import { randomUUID } from 'node:crypto';
import { isTaskEnded } from '../orchestration/definitions';
import type { IngestActivities } from '../orchestration/ingest';
import type { ActivityDeps } from './deps';

export class DocumentMissingError extends Error {
  override name = 'DocumentMissingError';
}

type Stage = 'parsing' | 'chunking' | 'embedding' | 'indexing' | 'cleaning' | 'done' | 'failed' | 'cancelled';

/** The steps of document ingest and clean-up; each can run again and leave the same result. */
export function createIngestActivities(deps: ActivityDeps): IngestActivities {
  const { prisma, events, vectors, texts, embedder, env } = deps;

  async function report(taskId: string, documentId: string, status: Stage, progress: number, error: string | null = null) {
    const documentStatus = status === 'done' ? 'ready' : status === 'failed' || status === 'cancelled' ? 'failed' : 'processing';
    // Together: a client polling the task must never see it done while its document is still processing.
    const task = await prisma.$transaction(async (tx) => {
      const updated = await tx.task.update({
        where: { id: taskId },
        data: { status, progress, error, ...(isTaskEnded(status) && { finishedAt: new Date() }) },
      });
      if (updated.kind === 'ingest') await tx.knowledgeDocument.updateMany({ where: { id: documentId }, data: { status: documentStatus, progress, error } });
      return updated;
    });
    if (task.kind === 'ingest') {
      events.publish({ type: 'document.progress', taskId, assistantId: task.assistantId, documentId, status: documentStatus, progress, error });
    }
    events.publish({ type: 'task.status', taskId, kind: task.kind, status, progress, error });
  }

  return {
    async parseAndChunk({ taskId, documentId }) {
      const document = await prisma.knowledgeDocument.findUnique({ where: { id: documentId }, include: { content: true } });
      if (!document?.content) throw new DocumentMissingError(`Document ${documentId} or its uploaded file no longer exists.`);
      await report(taskId, documentId, 'parsing', 5);
      const parsed = parseDocument({ filename: document.filename, mimeType: document.mimeType, content: Buffer.from(document.content.data) });
      await report(taskId, documentId, 'chunking', 10);
      const chunks = chunkDocument(parsed, { maxTokens: 400, overlapTokens: 50, countTokens: (text) => countTokens(text) });
      // Replacing all chunks makes a retried or repeated ingest leave exactly one copy.
      await Promise.all([vectors.deleteDocument(documentId), texts.deleteDocument(documentId)]);
      await prisma.$transaction([
        prisma.chunk.deleteMany({ where: { documentId } }),
        prisma.chunk.createMany({
          data: chunks.map((chunk) => ({
            id: randomUUID(),
            documentId,
            assistantId: document.assistantId,
            position: chunk.position,
            text: chunk.text,
            tokenCount: chunk.tokenCount,
            metadata: chunk.metadata,
          })),
        }),
      ]);
      const tokenCount = chunks.reduce((sum, chunk) => sum + chunk.tokenCount, 0);
      await prisma.knowledgeDocument.update({ where: { id: documentId }, data: { chunkCount: chunks.length, tokenCount } });
      await report(taskId, documentId, 'embedding', 15);
      return { chunkCount: chunks.length, tokenCount };
    },

    async embedAndIndexBatch({ taskId, documentId, from, to, total }) {
      const chunks = await prisma.chunk.findMany({ where: { documentId, position: { gte: from, lt: to } }, orderBy: { position: 'asc' } });
      const embeddings = await embedder.embed(
        chunks.map((c) => c.text),
        env.signal(),
      );
      env.heartbeat(to);
      await Promise.all([
        vectors.upsert(
          chunks.map((c, i) => ({ chunkId: c.id, assistantId: c.assistantId, documentId, text: c.text, vector: embeddings[i] })),
          embedder.model,
        ),
        texts.index(chunks.map((c) => ({ chunkId: c.id, assistantId: c.assistantId, documentId, text: c.text, metadata: c.metadata as Record<string, unknown> }))),
      ]);
      await report(taskId, documentId, to >= total ? 'indexing' : 'embedding', 15 + Math.round((80 * to) / total));
    },

    async markReady({ taskId, documentId }) {
      await report(taskId, documentId, 'done', 100);
    },

    async markFailed({ taskId, documentId, error, cancelled }) {
      const task = await prisma.task.findUnique({ where: { id: taskId }, select: { progress: true } });
      await report(taskId, documentId, cancelled ? 'cancelled' : 'failed', task?.progress ?? 0, error);
    },

    async removeFromIndexes({ taskId, documentId }) {
      await report(taskId, documentId, 'cleaning', 10);
      await Promise.all([vectors.deleteDocument(documentId), texts.deleteDocument(documentId)]);
      // Chunks, their vectors and the upload go with the document (ON DELETE CASCADE).
      await prisma.knowledgeDocument.deleteMany({ where: { id: documentId } });
      await report(taskId, documentId, 'done', 100);
    },
  };
}
