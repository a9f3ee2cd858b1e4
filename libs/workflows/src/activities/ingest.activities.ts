import type { DocumentStage } from '@assistants/common';
import { prismaSql, readUpload, replaceChunks } from '@assistants/adapters';
import { InlineCpuRunner } from '../cpu/cpu-pool';
import { isTaskEnded } from '@assistants/domain';
import type { IngestActivities } from '@assistants/domain';
import type { ActivityDeps } from './deps';

export class DocumentMissingError extends Error {
  override name = 'DocumentMissingError';
}

type Stage = DocumentStage;

/** The steps of document ingest and clean-up; each can run again and leave the same result. */
export function createIngestActivities(deps: ActivityDeps): IngestActivities {
  const { prisma, events, vectors, texts, env } = deps;
  const cpu = deps.cpu ?? new InlineCpuRunner();
  const sql = deps.sql ?? prismaSql(prisma);
  const embedder = deps.ingestEmbedder ?? deps.embedder;

  async function report(taskId: string, documentId: string, status: Stage, progress: number, error: string | null = null) {
    const documentStatus = status === 'done' ? 'ready' : status === 'failed' || status === 'cancelled' ? 'failed' : 'processing';
    // One transaction: a poller that sees the task ended must also see its document's final status.
    const task = await prisma.$transaction(async (tx) => {
      const updated = await tx.task.update({
        where: { id: taskId },
        data: { status, progress, error, ...(isTaskEnded(status) && { finishedAt: new Date() }) },
      });
      if (updated.kind === 'ingest') await tx.knowledgeDocument.updateMany({ where: { id: documentId }, data: { status: documentStatus, progress, error } });
      return updated;
    });
    if (task.kind === 'ingest') {
      events.publish({ type: 'document.progress', taskId, assistantId: task.assistantId, documentId, status: documentStatus, stage: status, percent: progress, error });
    }
    events.publish({ type: 'task.status', taskId, kind: task.kind, status, progress, error, assistantId: task.assistantId, documentId });
  }

  return {
    async parseAndChunk({ taskId, documentId }) {
      const document = await prisma.knowledgeDocument.findUnique({
        where: { id: documentId },
        include: { assistant: { select: { chunkSize: true, chunkOverlap: true } } },
      });
      const content = document && (await readUpload(sql, documentId, document.sizeBytes));
      if (!document || !content) throw new DocumentMissingError(`Document ${documentId} or its uploaded file no longer exists (or its upload was cut short).`);
      await report(taskId, documentId, 'parsing', 5);
      // Parsing, chunking and token counting are the CPU-heavy part: off this thread (see CpuPool).
      const whole = content.byteOffset === 0 && content.byteLength === content.buffer.byteLength;
      const { chunkSize, chunkOverlap } = document.assistant;
      const chunks = await cpu.run(
        'parseAndChunk',
        { filename: document.filename, mimeType: document.mimeType, content, maxTokens: chunkSize, overlapTokens: Math.min(chunkOverlap, chunkSize - 1) },
        { signal: env.signal(), transfer: whole ? [content.buffer as ArrayBuffer] : [] },
      );
      await report(taskId, documentId, 'chunking', 10);
      // Replacing all chunks makes a retried or repeated ingest leave exactly one copy.
      await Promise.all([vectors.deleteDocument(documentId), texts.deleteDocument(documentId)]);
      await replaceChunks(sql, document, chunks);
      const tokenCount = chunks.reduce((sum, chunk) => sum + chunk.tokenCount, 0);
      await prisma.knowledgeDocument.update({ where: { id: documentId }, data: { chunkCount: chunks.length, tokenCount } });
      await report(taskId, documentId, 'embedding', 15);
      return { chunkCount: chunks.length, tokenCount };
    },

    async embedAndIndexBatch({ taskId, documentId, from, to, total }) {
      const chunks = await sql.query<{ id: string; assistant_id: string; text: string; metadata: Record<string, unknown> | null }>(
        `SELECT id, assistant_id, text, metadata FROM chunks WHERE document_id = $1::uuid AND position >= $2 AND position < $3 ORDER BY position`,
        [documentId, from, to],
      );
      const embeddings = await embedder.embed(
        chunks.map((c) => c.text),
        env.signal(),
      );
      env.heartbeat(to);
      await Promise.all([
        vectors.upsert(
          chunks.map((c, i) => ({ chunkId: c.id, assistantId: c.assistant_id, documentId, text: c.text, vector: embeddings[i] })),
          embedder.model,
        ),
        texts.index(chunks.map((c) => ({ chunkId: c.id, assistantId: c.assistant_id, documentId, text: c.text, metadata: c.metadata ?? {} }))),
      ]);
      // Report when the percentage moves (a 20 MB upload has hundreds of batches); the last batch always reports.
      const progress = (upTo: number) => 15 + Math.round((80 * upTo) / total);
      if (to >= total || progress(to) !== progress(from)) await report(taskId, documentId, to >= total ? 'indexing' : 'embedding', progress(to));
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
