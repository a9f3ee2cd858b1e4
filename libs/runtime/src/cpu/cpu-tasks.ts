// The CPU-heavy steps of ingest, run in worker threads (see cpu-pool.ts) or inline. Pure functions
// of their input: no database, no network, so a thread can run them for any process.
import { type Chunk, chunkDocument, parseDocument } from '@assistants/ingest';
import { countTokens } from '@assistants/domain';
import { HashingEmbedder } from '@assistants/adapters/embeddings/hashing-embedder';
import { outcome } from './pool-thread';

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

export { warm } from './pool-thread';
