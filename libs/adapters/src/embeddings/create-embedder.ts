import { HashingEmbedder } from './hashing-embedder';
import { FETCH_MODEL_HINT, localModelPresent } from './local-onnx-embedder';
import { OpenAiEmbedder } from './openai-embedder';
import type { Embedder } from '@assistants/domain';
import { ThreadedOnnxEmbedder } from './threaded-embedder';
import type { LlmConnection } from '../llm/create-chat-model';

export interface EmbedderConfig extends LlmConnection {
  /**
   * `openai`: the endpoint at baseUrl; `local`: the ONNX model in localModelDir, or the hashing
   * embedder while its files are missing; `hashing`: the lexical hashing embedder.
   * Unset: `openai` with a baseUrl, else `local`.
   */
  provider?: 'openai' | 'local' | 'hashing';
  /** Embedding model at the endpoint; defaults to text-embedding-3-small. */
  model?: string;
  dimensions?: number;
  batchSize?: number;
  /** Vector size of the hashing embedder (default 384). */
  offlineDimensions?: number;
  /** Folder with the local model's files (scripts/embedding-model.cjs fetches them). */
  localModelDir?: string;
  /** Threads of the local model: that many worker threads, each with one runtime thread. */
  threads?: number;
}

export function createEmbedder(config: EmbedderConfig, warn: (message: string) => void = (m) => console.warn(m)): Embedder {
  const { provider = config.baseUrl ? 'openai' : 'local', baseUrl, offlineDimensions, localModelDir, threads, ...rest } = config;
  if (provider === 'openai') {
    if (!baseUrl) throw new Error('The openai embedding provider needs a baseUrl');
    return new OpenAiEmbedder({ ...rest, baseUrl });
  }
  if (provider === 'local') {
    // On worker threads: the runtime would otherwise compute on the thread that serves requests.
    if (localModelDir && localModelPresent(localModelDir)) return new ThreadedOnnxEmbedder({ modelDir: localModelDir, workers: threads, threads: 1 });
    // Still usable, but lexical only: say so where an operator looks, with the fix.
    warn(
      `Local embedding model not found in ${localModelDir ?? '(no folder configured)'}: using the lexical hashing embedder, ` +
        `which matches words, not meaning. Fetch the model with: ${FETCH_MODEL_HINT}`,
    );
  }
  return new HashingEmbedder(offlineDimensions);
}
