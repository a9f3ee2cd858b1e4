import type { CleanupInput, IngestInput, ReindexAssistantInput } from './definitions';
import { describeFailure, describeFailureProblem, type FailureProblem, type OrchestrationRuntime } from './runtime';

export interface IngestActivities {
  /**
   * Parses and chunks the stored upload into chunk rows; returns how many. `reindex`: the rows are a
   * new generation beside the live one (returned), which search keeps reading until `swapChunks`.
   */
  parseAndChunk(input: { taskId: string; documentId: string; reindex?: boolean }): Promise<{ chunkCount: number; tokenCount: number; generation?: number }>;
  /** Embeds chunks [from, to) of a generation (default 0) and writes them to every index; idempotent per batch. */
  embedAndIndexBatch(input: { taskId: string; documentId: string; from: number; to: number; total: number; generation?: number }): Promise<void>;
  /** Makes `generation` the one search reads, in one statement, then removes every other generation from every index. */
  swapChunks(input: { taskId: string; documentId: string; generation: number }): Promise<void>;
  markReady(input: { taskId: string; documentId: string }): Promise<void>;
  /** `problem`: the failure's code and params beside the English `error` (none from runs started before codes, or for an unknown failure). */
  markFailed(input: { taskId: string; documentId: string; error: string; cancelled: boolean; problem?: FailureProblem }): Promise<void>;
  removeFromIndexes(input: { taskId: string; documentId: string }): Promise<void>;
  /** The assistant's ready documents, in upload order; the task starts counting them. */
  listDocumentsToReindex(input: { taskId: string; assistantId: string }): Promise<{ documentIds: string[] }>;
  /** Queues one document's re-index under its ingest task; null when it is gone or busy (being ingested already). */
  startDocumentReindex(input: { taskId: string; documentId: string }): Promise<{ ingestTaskId: string | null }>;
  /** How far an assistant's re-index is (done of total documents); `end` closes the task. */
  reportReindexProgress(input: {
    taskId: string;
    done: number;
    total: number;
    failed: number;
    end?: 'done' | 'failed' | 'cancelled';
    error?: string;
  }): Promise<void>;
}

export const EMBED_BATCH_SIZE = 32;

/**
 * Batches embedded and written at once: while one batch's rows are written, the next is embedded
 * (with one, the embedder idled through every write: 81 chunks/s against its 113). Runs started
 * before this change replay one at a time (the change id marks the new path in their history).
 */
export const BATCHES_IN_FLIGHT = 2;
export const TWO_BATCHES_IN_FLIGHT = 'ingest-two-batches-in-flight';

/**
 * Runs `steps` in order with at most `width` in flight, each started when the oldest ends (a
 * deterministic order under Temporal). On a failure the steps in flight settle first, so none
 * reports progress after the failure is recorded; then the first failure is thrown.
 */
export async function inWindow(steps: (() => Promise<void>)[], width: number): Promise<void> {
  const inFlight: Promise<void>[] = [];
  try {
    for (const step of steps) {
      if (inFlight.length >= width) await inFlight.shift();
      const started = step();
      // Awaited in turn below; until then a failure must not count as unhandled.
      started.catch(() => undefined);
      inFlight.push(started);
    }
    while (inFlight.length) await inFlight.shift();
  } catch (error) {
    await Promise.allSettled(inFlight);
    throw error;
  }
}

/**
 * parse → chunk → embed in batches → index → ready; any failure marks the document failed with the reason.
 * A re-index writes the new chunks beside the live ones and swaps them in only once all are indexed.
 */
export async function runIngest(input: IngestInput, acts: IngestActivities, rt: OrchestrationRuntime): Promise<void> {
  const { taskId, documentId, reindex } = input;
  try {
    const { chunkCount, generation } = await acts.parseAndChunk({ taskId, documentId, ...(reindex && { reindex }) });
    const batches: (() => Promise<void>)[] = [];
    for (let from = 0; from < chunkCount; from += EMBED_BATCH_SIZE) {
      const to = Math.min(from + EMBED_BATCH_SIZE, chunkCount);
      batches.push(() => acts.embedAndIndexBatch({ taskId, documentId, from, to, total: chunkCount, ...(generation ? { generation } : {}) }));
    }
    await inWindow(batches, rt.patched(TWO_BATCHES_IN_FLIGHT) ? BATCHES_IN_FLIGHT : 1);
    if (reindex) await acts.swapChunks({ taskId, documentId, generation: generation ?? 0 });
    await acts.markReady({ taskId, documentId });
  } catch (error) {
    const cancelled = rt.isCancellation(error);
    const problem = cancelled ? { code: 'document.ingest_cancelled' } : (documentProblem(error) ?? { code: 'document.ingest_failed' });
    await rt.nonCancellable(() =>
      acts.markFailed({ taskId, documentId, error: cancelled ? 'Ingest was cancelled.' : describeFailure(error), cancelled, problem }),
    );
    throw error;
  }
}

/** Removes a deleted document's chunks from every index, then its rows. */
export async function runCleanup(input: CleanupInput, acts: IngestActivities): Promise<void> {
  await acts.removeFromIndexes({ taskId: input.taskId, documentId: input.documentId });
}

/**
 * Every ready document of an assistant indexed again, one after another (each as its own ingest task,
 * with its own progress events); a document that fails keeps its previous index and the run goes on.
 */
export async function runReindexAssistant(input: ReindexAssistantInput, acts: IngestActivities, rt: OrchestrationRuntime): Promise<void> {
  const { taskId, assistantId, llm, ingestTaskQueue } = input;
  let done = 0;
  let failed = 0;
  let total = 0;
  try {
    const { documentIds } = await acts.listDocumentsToReindex({ taskId, assistantId });
    total = documentIds.length;
    for (const documentId of documentIds) {
      const { ingestTaskId } = await acts.startDocumentReindex({ taskId, documentId });
      if (ingestTaskId) {
        try {
          await runIngest({ taskId: ingestTaskId, documentId, llm, reindex: true, ...(ingestTaskQueue && { ingestTaskQueue }) }, acts, rt);
        } catch (error) {
          if (rt.isCancellation(error)) throw error;
          failed++;
        }
      }
      done++;
      await acts.reportReindexProgress({ taskId, done, total, failed });
    }
    const error = failed ? `${failed} of ${total} documents could not be re-indexed; they keep their previous index.` : undefined;
    await acts.reportReindexProgress({ taskId, done, total, failed, end: 'done', ...(error && { error }) });
  } catch (error) {
    const cancelled = rt.isCancellation(error);
    const reason = cancelled ? 'Re-index was cancelled.' : describeFailure(error);
    await rt.nonCancellable(() => acts.reportReindexProgress({ taskId, done, total, failed, end: cancelled ? 'cancelled' : 'failed', error: reason }));
    throw error;
  }
}

/** A document failure's own code; a model provider's (an embedding call's 'chat.*' code) is not a document's, so it reads as the general one. */
function documentProblem(error: unknown): FailureProblem | undefined {
  const problem = describeFailureProblem(error);
  return problem?.code.startsWith('document.') ? problem : undefined;
}
