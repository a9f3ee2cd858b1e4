import type { TextChunk, TextIndex } from '@assistants/domain';
import { guessLanguage } from '@assistants/domain';

/** One index for every assistant and embedding model: text search does not depend on embeddings. */
export const DEFAULT_TEXT_INDEX = 'assistants-chunks';

/**
 * The mapping both engines get: the text once with the standard analyser and again as
 * English and Russian multi-fields (stemmed, stop words dropped), the ids as keywords for
 * filters, metadata stored but not indexed.
 */
export function chunkIndexDefinition(options: { shards?: number; replicas?: number } = {}) {
  return {
    settings: { number_of_shards: options.shards ?? 1, ...(options.replicas !== undefined && { number_of_replicas: options.replicas }) },
    mappings: {
      dynamic: 'strict' as const,
      properties: {
        assistantId: { type: 'keyword' as const },
        documentId: { type: 'keyword' as const },
        language: { type: 'keyword' as const },
        text: {
          type: 'text' as const,
          analyzer: 'standard',
          fields: { english: { type: 'text' as const, analyzer: 'english' }, russian: { type: 'text' as const, analyzer: 'russian' } },
        },
        metadata: { type: 'object' as const, enabled: false },
      },
    },
  };
}

/** Bulk operations (action line, document) for chunks; the chunk id is the document id, so a repeat overwrites. */
export function chunkBulkOperations(index: string, chunks: TextChunk[]): object[] {
  return chunks.flatMap((chunk) => [
    { index: { _index: index, _id: chunk.chunkId } },
    {
      assistantId: chunk.assistantId,
      documentId: chunk.documentId,
      language: chunk.language ?? guessLanguage(chunk.text),
      text: chunk.text,
      metadata: chunk.metadata ?? {},
    },
  ]);
}

/**
 * BM25 over the three analyses of the text, summed (most_fields): an English query scores on
 * the English stems, a Russian one on the Russian stems, and exact words on both. Filtered
 * by assistant, which costs no scoring.
 */
export function chunkSearchRequest(assistantId: string, query: string, limit: number) {
  return {
    size: limit,
    _source: false,
    track_total_hits: false,
    query: {
      bool: {
        filter: [{ term: { assistantId } }],
        must: [{ multi_match: { query, type: 'most_fields' as const, fields: ['text', 'text.english', 'text.russian'] } }],
      },
    },
  };
}

export const documentQuery = (documentId: string) => ({ term: { documentId } });

/** The few calls a BM25 engine must answer; each client adapter maps them onto its own library. */
export interface Bm25Client {
  indexExists(index: string): Promise<boolean>;
  /** Resolves also when another process created the index first. */
  createIndex(index: string, definition: ReturnType<typeof chunkIndexDefinition>): Promise<void>;
  /** Throws when any operation failed. */
  bulk(operations: object[], refresh: boolean | 'wait_for'): Promise<void>;
  deleteByQuery(index: string, query: object, refresh: boolean): Promise<void>;
  search(index: string, request: ReturnType<typeof chunkSearchRequest>, signal?: AbortSignal): Promise<{ id: string; score: number }[]>;
}

export interface Bm25IndexOptions {
  index?: string;
  /** Chunks per bulk request. */
  batchSize?: number;
  /**
   * `wait_for` (default): indexing returns once the chunks are searchable, so a document
   * is ready only when it can be found. `false` suits bulk re-indexing.
   */
  refresh?: boolean | 'wait_for';
  shards?: number;
  replicas?: number;
}

/** A TextIndex on any engine speaking the Elasticsearch query language (Elasticsearch, OpenSearch). */
export class Bm25TextIndex implements TextIndex {
  private ready?: Promise<void>;
  private readonly index_: string;
  private readonly batchSize: number;
  private readonly refresh: boolean | 'wait_for';

  constructor(
    readonly engine: string,
    private readonly client: Bm25Client,
    private readonly options: Bm25IndexOptions = {},
  ) {
    this.index_ = options.index ?? DEFAULT_TEXT_INDEX;
    this.batchSize = options.batchSize ?? 500;
    this.refresh = options.refresh ?? 'wait_for';
  }

  get indexName(): string {
    return this.index_;
  }

  /** Creates the index on first use; a failure is retried on the next call, not remembered. */
  ensureIndex(): Promise<void> {
    this.ready ??= (async () => {
      if (await this.client.indexExists(this.index_)) return;
      await this.client.createIndex(this.index_, chunkIndexDefinition(this.options));
    })().catch((error) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  async index(chunks: TextChunk[]): Promise<void> {
    if (chunks.length === 0) return;
    await this.ensureIndex();
    for (let i = 0; i < chunks.length; i += this.batchSize) {
      await this.client.bulk(chunkBulkOperations(this.index_, chunks.slice(i, i + this.batchSize)), this.refresh);
    }
  }

  async deleteDocument(documentId: string): Promise<void> {
    await this.ensureIndex();
    await this.client.deleteByQuery(this.index_, documentQuery(documentId), this.refresh !== false);
  }

  async deleteChunks(chunkIds: string[]): Promise<void> {
    if (chunkIds.length === 0) return;
    await this.ensureIndex();
    await this.client.deleteByQuery(this.index_, { ids: { values: chunkIds } }, this.refresh !== false);
  }

  async search(assistantId: string, query: string, limit: number, signal?: AbortSignal): Promise<{ chunkId: string; score: number }[]> {
    if (!query.trim()) return [];
    await this.ensureIndex();
    const hits = await this.client.search(this.index_, chunkSearchRequest(assistantId, query, limit), signal);
    return hits.map((hit) => ({ chunkId: hit.id, score: hit.score }));
  }
}

/** The first failed item of a bulk response, as an error worth reading. */
export function bulkError(items: Record<string, { status?: number; error?: unknown }>[]): Error | null {
  for (const item of items) {
    const result = Object.values(item)[0];
    if (result?.error) return new Error(`bulk indexing failed (status ${result.status}): ${JSON.stringify(result.error).slice(0, 500)}`);
  }
  return null;
}
