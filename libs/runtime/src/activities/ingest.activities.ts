import type { DocumentStage, DocumentStatus, TaskKind } from '@assistants/common';
import { DocumentLimitError, type DocumentProblem } from '@assistants/ingest';
import { CpuTaskTimeoutError, InlineCpuRunner, ThreadOutOfMemoryError } from '../cpu/cpu-pool';
import type { ParseAndChunkInput } from '../cpu/cpu-tasks';
import { isTaskEnded } from '@assistants/domain';
import { ingestWorkflowId } from '@assistants/workflows';
import type { IngestActivities } from '@assistants/workflows';
import { type ActivityDeps, DEFAULT_INGEST_LIMITS } from './deps';

export class DocumentMissingError extends Error {
  override name = 'DocumentMissingError';
  readonly problem: DocumentProblem = { code: 'document.missing' };
}

type Stage = DocumentStage;

/** The steps of document ingest and clean-up; each can run again and leave the same result. */
export function createIngestActivities(deps: ActivityDeps): IngestActivities {
  const { stores, events, vectors, texts, env } = deps;
  const { tasks, documents } = stores;
  const cpu = deps.cpu ?? new InlineCpuRunner();
  const embedder = deps.ingestEmbedder ?? deps.embedder;
  const limits = { ...DEFAULT_INGEST_LIMITS, ...deps.ingest };

  /**
   * Parses and chunks in the CPU pool under the parse deadline. One that overruns (its thread is
   * terminated, so the slot frees) or runs its thread out of memory fails the document for good:
   * the same input would only do it again, so the error is one the retry policies never retry.
   */
  async function parseWithinLimits(input: ParseAndChunkInput, transfer: ArrayBuffer[]) {
    try {
      return await cpu.run('parseAndChunk', input, { signal: env.signal(), transfer, timeoutMs: limits.parseTimeoutMs });
    } catch (error) {
      const why = 'the file may be malformed or too complex';
      if (error instanceof CpuTaskTimeoutError)
        throw new DocumentLimitError(`Parsing "${input.filename}" took longer than ${seconds(limits.parseTimeoutMs)} (INGEST_PARSE_TIMEOUT_MS); ${why}.`, {
          code: 'document.parse_timeout',
          params: { seconds: Math.round(limits.parseTimeoutMs / 1000) },
        });
      if (error instanceof ThreadOutOfMemoryError)
        throw new DocumentLimitError(`Parsing "${input.filename}" needed more memory than a document may use (INGEST_THREAD_MEMORY_MB); ${why}.`, {
          code: 'document.parse_memory',
        });
      throw error;
    }
  }

  /** The task's stage and progress, and its document's status, in one transaction. */
  async function report(taskId: string, documentId: string, status: Stage, progress: number, error: string | null = null, problem?: DocumentProblem) {
    let documentStatus: DocumentStatus = status === 'done' ? 'ready' : status === 'failed' || status === 'cancelled' ? 'failed' : 'processing';
    // One transaction: a poller that sees the task ended must also see its document's final status.
    const task = await stores.transaction(async (inTx) => {
      const updated = await inTx.tasks.report(taskId, status, progress, error);
      // A failed re-index leaves the document ready (searchable in its previous index), with the reason.
      if (updated.kind === 'ingest') documentStatus = await inTx.documents.recordIngest(documentId, documentStatus, progress, error, problem);
      return updated;
    });
    publishProgress(task, taskId, documentId, documentStatus, status, progress, error, problem);
  }

  /**
   * A batch's progress, without a transaction (batches report often): the task and its document
   * move only forward, and only while the task has not ended: batches in flight together end in
   * any order, and one cancelled may still finish its write after the task was closed. The
   * document follows a task that moved, and never leaves ready or failed: if the ingest ended
   * between the two statements, its final status stays.
   */
  async function reportBatch(taskId: string, documentId: string, status: 'embedding' | 'indexing', progress: number) {
    const task = await tasks.advance(taskId, status, progress);
    if (!task) return;
    if (task.kind === 'ingest') await documents.markProcessing(documentId, progress);
    publishProgress(task, taskId, documentId, 'processing', status, progress, null);
  }

  function publishProgress(
    task: { kind: TaskKind; assistantId: string },
    taskId: string,
    documentId: string,
    documentStatus: DocumentStatus,
    status: Stage,
    progress: number,
    error: string | null,
    problem?: DocumentProblem,
  ) {
    if (task.kind === 'ingest') {
      events.publish({
        type: 'document.progress',
        taskId,
        assistantId: task.assistantId,
        documentId,
        status: documentStatus,
        stage: status,
        percent: progress,
        error,
        ...(error && { errorCode: problem?.code ?? null, errorParams: problem?.params ?? null }),
      });
    }
    events.publish({ type: 'task.status', taskId, kind: task.kind, status, progress, error, assistantId: task.assistantId, documentId });
  }

  /** Chunks out of every index (vectors of any model, words) and their rows. */
  async function removeChunks(chunkIds: string[]) {
    if (!chunkIds.length) return;
    await Promise.all([vectors.deleteChunks(chunkIds), texts.deleteChunks(chunkIds)]);
    await documents.removeChunks(chunkIds);
  }

  /** A task over many documents: done of total, as a percentage too, and a `task.status` event. */
  async function reportItems(taskId: string, done: number, total: number, status: Stage, error: string | null = null) {
    const progress = status === 'done' ? 100 : Math.round((100 * done) / Math.max(total, 1));
    const task = await tasks.reportItems(taskId, { status, progress, error, done, total });
    events.publish({ type: 'task.status', taskId, kind: task.kind, status, progress, error, assistantId: task.assistantId, items: { done, total } });
  }

  return {
    async parseAndChunk({ taskId, documentId, reindex }) {
      const document = await documents.findForIngest(documentId);
      const content = document && (await documents.readUpload(documentId, document.sizeBytes));
      if (!document || !content) throw new DocumentMissingError(`Document ${documentId} or its uploaded file no longer exists (or its upload was cut short).`);
      await report(taskId, documentId, 'parsing', 5);
      // Parsing, chunking and token counting are the CPU-heavy part: off this thread (see CpuPool).
      const whole = content.byteOffset === 0 && content.byteLength === content.buffer.byteLength;
      const { chunkSize, chunkOverlap } = document.assistant;
      const input = {
        filename: document.filename,
        mimeType: document.mimeType,
        content,
        maxTokens: chunkSize,
        overlapTokens: Math.min(chunkOverlap, chunkSize - 1),
        maxChunks: limits.maxChunksPerDocument,
        maxDecompressedBytes: limits.maxDecompressedBytes,
      };
      const chunks = await parseWithinLimits(input, whole ? [content.buffer as ArrayBuffer] : []);
      await report(taskId, documentId, 'chunking', 10);
      const tokenCount = chunks.reduce((sum, chunk) => sum + chunk.tokenCount, 0);
      if (reindex && document.liveGeneration !== null) {
        // The next generation, beside the live one that search keeps reading until the swap. The same
        // number on every attempt (the live one moves only at the swap); an earlier attempt's rows go first.
        const generation = document.liveGeneration + 1;
        await removeChunks(await documents.chunkIds(documentId, generation));
        await documents.replaceChunks(document, chunks, generation);
        await report(taskId, documentId, 'embedding', 15);
        return { chunkCount: chunks.length, tokenCount, generation };
      }
      // Replacing all chunks makes a retried or repeated ingest leave exactly one copy.
      await Promise.all([vectors.deleteDocument(documentId), texts.deleteDocument(documentId)]);
      await documents.replaceChunks(document, chunks);
      await documents.setCounts(documentId, { chunkCount: chunks.length, tokenCount });
      await report(taskId, documentId, 'embedding', 15);
      return { chunkCount: chunks.length, tokenCount };
    },

    async embedAndIndexBatch({ taskId, documentId, from, to, total, generation = 0 }) {
      const chunks = await documents.chunksAt(documentId, generation, from, to);
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
        texts.index(chunks.map((c) => ({ chunkId: c.id, assistantId: c.assistantId, documentId, text: c.text, metadata: c.metadata ?? {} }))),
      ]);
      // Report when the percentage moves (a 20 MB upload has hundreds of batches); the last batch
      // always reports, and only it reaches 95 (a batch ending after it must not count as ahead).
      const progress = (upTo: number) => (upTo >= total ? 95 : Math.min(94, 15 + Math.round((80 * upTo) / total)));
      if (to >= total || progress(to) !== progress(from)) await reportBatch(taskId, documentId, to >= total ? 'indexing' : 'embedding', progress(to));
    },

    async swapChunks({ taskId, documentId, generation }) {
      // One statement: search reads the old generation before it and the new one after it, never a mix.
      await documents.goLive(documentId, generation);
      // Then the old generation leaves every index: its vectors (of whatever model made them), its words, its rows.
      await removeChunks(await documents.chunkIdsBesides(documentId, generation));
      await report(taskId, documentId, 'indexing', 98);
    },

    async markReady({ taskId, documentId }) {
      await report(taskId, documentId, 'done', 100);
    },

    async markFailed({ taskId, documentId, error, cancelled, problem }) {
      const task = await tasks.find(taskId);
      await report(taskId, documentId, cancelled ? 'cancelled' : 'failed', task?.progress ?? 0, error, problem);
    },

    async listDocumentsToReindex({ taskId, assistantId }) {
      const documentIds = await documents.listReadyIds(assistantId);
      await reportItems(taskId, 0, documentIds.length, 'indexing');
      return { documentIds };
    },

    async startDocumentReindex({ taskId, documentId }) {
      const parent = await tasks.get(taskId);
      const ingestTaskId = ingestWorkflowId(documentId);
      // Only a document still ready is taken: one deleted, or being ingested already, is left alone;
      // unless this run took it already (a retried activity, or the run resumed after a restart).
      const input = { reindex: true, parent: taskId };
      const started = await stores.transaction(async (inTx) => {
        if (!(await inTx.documents.takeForReindex(documentId))) {
          const mine = await inTx.tasks.find(ingestTaskId);
          return !!mine && !isTaskEnded(mine.status) && (mine.input as { parent?: string } | null)?.parent === taskId;
        }
        await inTx.tasks.queueReindex({ id: ingestTaskId, userId: parent.userId, assistantId: parent.assistantId, documentId, runner: parent.runner, input });
        return true;
      });
      return { ingestTaskId: started ? ingestTaskId : null };
    },

    async reportReindexProgress({ taskId, done, total, end, error }) {
      await reportItems(taskId, done, total, end ?? 'indexing', error ?? null);
    },

    async removeFromIndexes({ taskId, documentId }) {
      await report(taskId, documentId, 'cleaning', 10);
      await Promise.all([vectors.deleteDocument(documentId), texts.deleteDocument(documentId)]);
      // Chunks, their vectors and the upload go with the document (ON DELETE CASCADE).
      await documents.remove(documentId);
      await report(taskId, documentId, 'done', 100);
    },
  };
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
