// The CPU-heavy steps of ingest, run in worker threads (see cpu-pool.ts) or inline. Pure functions
// of their input: no database, no network, so a thread can run them for any process.
import { type Chunk, chunkDocument, parseDocument } from '@assistants/ingest';
import { countTokens, warmTokenizer } from '@assistants/domain';
import { HashingEmbedder } from '@assistants/adapters/embeddings/hashing-embedder';
import { getPriority, setPriority } from 'node:os';
import { isMainThread, threadId } from 'node:worker_threads';

export interface ParseAndChunkInput {
  filename: string;
  mimeType: string | null;
  content: Uint8Array;
  maxTokens: number;
  overlapTokens: number;
  /** More chunks fail the document (DocumentLimitError) as soon as the next is cut. */
  maxChunks?: number;
  /** How far a DOCX may unpack. */
  maxDecompressedBytes?: number;
}

/** What crosses the thread boundary: a thread's error loses its name in transit, and retry policies go by name. */
export type Outcome<T> = { value: T } | { error: { name: string; message: string } };

function outcome<I, T>(fn: (input: I) => T | Promise<T>): (input: I) => Promise<Outcome<T>> {
  return async (input) => {
    try {
      return { value: await fn(input) };
    } catch (error) {
      const { name, message } = error instanceof Error ? error : new Error(String(error));
      return { error: { name, message } };
    }
  };
}

/** Parse → chunk by tokens. */
async function parseAndChunkNow(input: ParseAndChunkInput): Promise<Chunk[]> {
  const content = Buffer.from(input.content.buffer, input.content.byteOffset, input.content.byteLength);
  const parsed = await parseDocument({ filename: input.filename, mimeType: input.mimeType, content, maxDecompressedBytes: input.maxDecompressedBytes });
  const { maxTokens, overlapTokens, maxChunks } = input;
  return chunkDocument(parsed, { maxTokens, overlapTokens, maxChunks, name: JSON.stringify(input.filename), countTokens: (text) => countTokens(text) });
}

const embedders = new Map<number, HashingEmbedder>();

/** The offline hashing embedder's vectors (the OpenAI embedder is I/O and stays on the caller's thread). */
function hashEmbedNow(input: { texts: string[]; dimensions: number }): number[][] {
  let embedder = embedders.get(input.dimensions);
  if (!embedder) embedders.set(input.dimensions, (embedder = new HashingEmbedder(input.dimensions)));
  return input.texts.map((text) => embedder.vector(text));
}

export const parseAndChunk = outcome(parseAndChunkNow);
export const hashEmbed = outcome(hashEmbedNow);

/** A pool thread loads the tokenizer tables as it starts, so no ingest pays for them; says which thread it is and its niceness. */
export function warm(): { niceness: number; threadId: number } {
  warmTokenizer();
  return { niceness: getPriority(), threadId };
}

/** Background niceness of pool threads: when cores are short, the request thread gets them first. */
const POOL_THREAD_NICENESS = 10;

if (!isMainThread) {
  // Only on Linux does a priority apply to the calling thread alone; elsewhere it would slow the whole process.
  // Never below the process's own (raising a priority needs privileges), and never fatal.
  if (process.platform === 'linux') {
    try {
      setPriority(Math.max(getPriority(), POOL_THREAD_NICENESS));
    } catch {
      /* keep the inherited priority */
    }
  }
  warm();
}
