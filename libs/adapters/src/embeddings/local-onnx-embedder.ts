import type { Tokenizer } from '@huggingface/tokenizers';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type * as Ort from 'onnxruntime-node';
import { throwIfAborted, LlmRejectedError, type Embedder } from '@assistants/domain';

export const LOCAL_EMBEDDING_MODEL = 'all-minilm-l6-v2-q';
const ONNX_FILE = `${LOCAL_EMBEDDING_MODEL}.onnx`;
const TOKENIZER_FILE = `${LOCAL_EMBEDDING_MODEL}-tokenizer.json`;
const DIMENSIONS = 384;
// The length all-MiniLM-L6-v2 was trained for (sentence-transformers' max_seq_length), [CLS] and [SEP] included.
const MAX_TOKENS = 256;
// Tokenising a whole book to keep its first 256 word pieces would block the thread for nothing:
// cut the text first, and only tokenise it all when the cut was too short (very long "words").
const CHAR_BUDGET = MAX_TOKENS * 16;
export const FETCH_MODEL_HINT = 'node scripts/embedding-model.cjs --prefetch';

/** True when both model files are in `dir` (scripts/embedding-model.cjs puts them there). */
export function localModelPresent(dir: string): boolean {
  return existsSync(join(dir, ONNX_FILE)) && existsSync(join(dir, TOKENIZER_FILE));
}

export interface LocalOnnxEmbedderOptions {
  modelDir: string;
  /** Threads of the ONNX runtime for one text (intra-op); default min(2, cores). */
  threads?: number;
}

interface Loaded {
  ort: typeof Ort;
  session: Ort.InferenceSession;
  tokenizer: Tokenizer;
  withTokenTypes: boolean;
}

/**
 * Semantic embeddings on this machine, no network: all-MiniLM-L6-v2 (int8 ONNX from langchain4j's
 * Maven jar), mean pooling over the attention mask, L2-normalised, 384 dimensions. English-trained:
 * other languages embed without error but match poorly; the text leg carries them.
 *
 * A batch runs text by text, each as its own sequence. The model quantises activations per tensor
 * (DynamicQuantizeLinear), so in a padded batch every text shifts the others' scales: the same
 * passage came out at cosine 0.97 of itself alone. Stored vectors and query vectors must not depend
 * on what they were embedded with; unpadded single runs also waste no work on padding.
 *
 * The inference runs on the calling thread: onnxruntime-node's `session.run` returns a promise but
 * computes synchronously (inside a setImmediate), 10–50 ms per passage, plus about half a second to
 * load. So the thread serving requests uses ThreadedOnnxEmbedder, which runs this class on a worker
 * thread; nothing here needs Nest or a database, so an ingest worker pool can also build it directly.
 * Texts run one by one, so even on the calling thread the event loop gets a turn between them.
 */
export class LocalOnnxEmbedder implements Embedder {
  readonly model = LOCAL_EMBEDDING_MODEL;
  readonly dimensions = DIMENSIONS;
  readonly threads: number;
  private loading?: Promise<Loaded>;

  constructor(private readonly options: LocalOnnxEmbedderOptions) {
    this.threads = Math.max(1, options.threads ?? Math.min(2, availableParallelism()));
  }

  /** Loads the model now rather than on the first call (about half a second); safe to call often. */
  /** Loads the model and runs it once: the first run sets up the runtime's buffers (a few hundred ms the first question would otherwise wait). */
  async warmUp(): Promise<void> {
    await this.load();
    await this.embed(['warm-up']);
  }

  async embed(texts: string[], signal?: AbortSignal): Promise<number[][]> {
    throwIfAborted(signal);
    const loaded = await this.load();
    const out: number[][] = [];
    for (const text of texts) {
      throwIfAborted(signal);
      out.push(await this.embedOne(loaded, text));
    }
    return out;
  }

  async close(): Promise<void> {
    const loading = this.loading;
    this.loading = undefined;
    if (loading) await (await loading.catch(() => undefined))?.session.release();
  }

  /** Word-piece ids with [CLS] … [SEP], at most MAX_TOKENS of them. */
  private encode(tokenizer: Tokenizer, text: string): number[] {
    let ids = tokenizer.encode(text.slice(0, CHAR_BUDGET)).ids;
    if (ids.length < MAX_TOKENS && text.length > CHAR_BUDGET) ids = tokenizer.encode(text).ids;
    // Keep the head and the closing [SEP]: the model expects the special tokens around the text.
    return ids.length <= MAX_TOKENS ? ids : [...ids.slice(0, MAX_TOKENS - 1), ids[ids.length - 1]];
  }

  private async embedOne({ ort, session, tokenizer, withTokenTypes }: Loaded, text: string): Promise<number[]> {
    const ids = this.encode(tokenizer, text);
    const n = ids.length;
    const mask = new BigInt64Array(n).fill(1n);
    const feeds: Record<string, Ort.Tensor> = {
      input_ids: new ort.Tensor('int64', BigInt64Array.from(ids, BigInt), [1, n]),
      attention_mask: new ort.Tensor('int64', mask, [1, n]),
    };
    if (withTokenTypes) feeds.token_type_ids = new ort.Tensor('int64', new BigInt64Array(n), [1, n]);
    const output = await session.run(feeds);
    const hidden = output[session.outputNames[0]];
    return meanPoolNormalised(hidden.data as Float32Array, mask, DIMENSIONS);
  }

  private load(): Promise<Loaded> {
    // One shared promise: concurrent first calls load the model once. A failure is not cached,
    // so fetching the files afterwards fixes a running process on its next call.
    this.loading ??= this.open().catch((error: unknown) => {
      this.loading = undefined;
      throw error;
    });
    return this.loading;
  }

  private async open(): Promise<Loaded> {
    const dir = this.options.modelDir;
    if (!localModelPresent(dir)) {
      throw new LlmRejectedError(`Local embedding model not found in ${dir}; fetch it with: ${FETCH_MODEL_HINT}`);
    }
    // Loaded on first use only: the native runtime costs memory that the hashing and HTTP embedders never need.
    const [ort, { Tokenizer }] = await Promise.all([import('onnxruntime-node'), import('@huggingface/tokenizers')]);
    const tokenizerJson: unknown = JSON.parse(readFileSync(join(dir, TOKENIZER_FILE), 'utf8'));
    const tokenizer = new Tokenizer(tokenizerJson as object, {});
    const session = await ort.InferenceSession.create(join(dir, ONNX_FILE), {
      intraOpNumThreads: this.threads,
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
      // Idle runtime threads sleep instead of spinning: on a small shared machine a spinning
      // thread takes the core the API (or the other runtime thread) needs.
      extra: { session: { intra_op: { allow_spinning: '0' } } },
    });
    return { ort, session, tokenizer, withTokenTypes: session.inputNames.includes('token_type_ids') };
  }
}

/** Mean of the token vectors the mask keeps, scaled to unit length. `hidden` is [tokens × dims] of one text. */
export function meanPoolNormalised(hidden: Float32Array, mask: BigInt64Array, dims: number): number[] {
  const sum = new Float64Array(dims);
  let kept = 0;
  for (let t = 0; t < mask.length; t++) {
    if (!mask[t]) continue;
    kept++;
    for (let d = 0; d < dims; d++) sum[d] += hidden[t * dims + d];
  }
  let norm = 0;
  for (let d = 0; d < dims; d++) norm += (sum[d] / kept) ** 2;
  norm = Math.sqrt(norm);
  return Array.from(sum, (x) => (norm ? x / kept / norm : 0));
}
