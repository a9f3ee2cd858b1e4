import type { CleanupInput, IngestInput } from './definitions';
import { describeFailure, type OrchestrationRuntime } from './runtime';

export interface IngestActivities {
  /** Parses and chunks the stored upload into chunk rows; returns how many. */
  parseAndChunk(input: { taskId: string; documentId: string }): Promise<{ chunkCount: number; tokenCount: number }>;
  /** Embeds chunks [from, to) and writes them to every index; idempotent per batch. */
  embedAndIndexBatch(input: { taskId: string; documentId: string; from: number; to: number; total: number }): Promise<void>;
  markReady(input: { taskId: string; documentId: string }): Promise<void>;
  markFailed(input: { taskId: string; documentId: string; error: string; cancelled: boolean }): Promise<void>;
  removeFromIndexes(input: { taskId: string; documentId: string }): Promise<void>;
}

export const EMBED_BATCH_SIZE = 32;

/** parse → chunk → embed in batches → index → ready; any failure marks the document failed with the reason. */
export async function runIngest(input: IngestInput, acts: IngestActivities, rt: OrchestrationRuntime): Promise<void> {
  const { taskId, documentId } = input;
  try {
    const { chunkCount } = await acts.parseAndChunk({ taskId, documentId });
    for (let from = 0; from < chunkCount; from += EMBED_BATCH_SIZE) {
      await acts.embedAndIndexBatch({ taskId, documentId, from, to: Math.min(from + EMBED_BATCH_SIZE, chunkCount), total: chunkCount });
    }
    await acts.markReady({ taskId, documentId });
  } catch (error) {
    const cancelled = rt.isCancellation(error);
    await rt.nonCancellable(() => acts.markFailed({ taskId, documentId, error: cancelled ? 'Ingest was cancelled.' : describeFailure(error), cancelled }));
    throw error;
  }
}

/** Removes a deleted document's chunks from every index, then its rows. */
export async function runCleanup(input: CleanupInput, acts: IngestActivities): Promise<void> {
  await acts.removeFromIndexes({ taskId: input.taskId, documentId: input.documentId });
}
