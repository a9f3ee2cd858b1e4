import type OpenAI from 'openai';
import { throwIfAborted, Deadline, LlmRejectedError, type Embedder } from '@assistants/domain';
import { toLlmError } from '../llm/errors';
import { DEFAULT_TIMEOUT_MS, openAiClient, type OpenAiEndpoint } from '../llm/openai-client';

/** Native vector sizes of OpenAI's embedding models; other models need `dimensions` given. */
const KNOWN_DIMENSIONS: Record<string, number> = {
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
};
export const DEFAULT_EMBEDDING_MODEL = 'text-embedding-3-small';

export interface OpenAiEmbedderOptions extends OpenAiEndpoint {
  model?: string;
  /** Vector size the model returns; every vector is checked against it (the index depends on it). */
  dimensions?: number;
  /** Texts per request: servers cap the input array (OpenAI at 2048, many local ones far lower). */
  batchSize?: number;
}

/** Embeddings from any OpenAI-compatible endpoint, one request per batch, in order. */
export class OpenAiEmbedder implements Embedder {
  readonly model: string;
  readonly dimensions: number;
  private readonly batchSize: number;
  private readonly timeoutMs: number;
  private readonly client: OpenAI;

  constructor(private readonly options: OpenAiEmbedderOptions) {
    this.model = options.model ?? DEFAULT_EMBEDDING_MODEL;
    const dimensions = options.dimensions ?? KNOWN_DIMENSIONS[this.model];
    if (!dimensions) throw new Error(`Embedding model "${this.model}": its vector size is unknown, pass dimensions`);
    this.dimensions = dimensions;
    this.batchSize = Math.max(1, options.batchSize ?? 64);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.client = openAiClient(options);
  }

  async embed(texts: string[], signal?: AbortSignal): Promise<number[][]> {
    const out: number[][] = [];
    for (let start = 0; start < texts.length; start += this.batchSize) {
      throwIfAborted(signal);
      out.push(...(await this.embedBatch(texts.slice(start, start + this.batchSize), signal)));
    }
    return out;
  }

  private async embedBatch(input: string[], signal?: AbortSignal): Promise<number[][]> {
    const deadline = new Deadline(this.timeoutMs, signal);
    const ctx = { what: `embeddings (${this.model})`, signal, apiKey: this.options.apiKey, deadline };
    let data: { index: number; embedding: number[] }[];
    try {
      // 'float' explicitly: the SDK would otherwise ask for base64, which not every server speaks.
      const body = { model: this.model, input, encoding_format: 'float' as const };
      data = (await this.client.embeddings.create(body, { signal: deadline.signal, timeout: this.timeoutMs + 1000 })).data;
    } catch (err) {
      throw toLlmError(err, ctx);
    } finally {
      deadline.dispose();
    }
    // The API pairs vectors with inputs by `index`, not by position.
    const vectors = [...data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
    // Wrong counts or sizes are a configuration mistake (model vs dimensions): retrying won't help.
    if (vectors.length !== input.length) {
      throw new LlmRejectedError(`${ctx.what}: ${vectors.length} vectors returned for ${input.length} texts`);
    }
    const wrong = vectors.find((v) => v.length !== this.dimensions);
    if (wrong) throw new LlmRejectedError(`${ctx.what}: vectors have ${wrong.length} dimensions, expected ${this.dimensions}`);
    return vectors;
  }
}
