import { Client } from '@opensearch-project/opensearch';
import { type Bm25Client, type Bm25IndexOptions, Bm25TextIndex, bulkError } from './bm25-text-index';

export interface EngineConnection {
  url: string;
  /** Per request; the retriever's leg deadline usually cuts a search sooner. */
  requestTimeoutMs?: number;
}

const alreadyExists = (error: unknown) => /resource_already_exists_exception/.test(JSON.stringify((error as { meta?: { body?: unknown } })?.meta?.body ?? ''));

/** Makes a request abortable: this client's promises carry abort() instead of taking a signal. */
function withSignal<T>(request: Promise<T> & { abort?: () => void }, signal?: AbortSignal): Promise<T> {
  if (!signal) return request;
  signal.throwIfAborted();
  const abort = () => request.abort?.();
  signal.addEventListener('abort', abort, { once: true });
  return request.finally(() => signal.removeEventListener('abort', abort));
}

/** The BM25 calls on @opensearch-project/opensearch (OpenSearch, including Amazon OpenSearch Service). */
export function openSearchClient(connection: EngineConnection): Bm25Client & { close(): Promise<void> } {
  const client = new Client({ node: connection.url, requestTimeout: connection.requestTimeoutMs ?? 10_000, maxRetries: 1 });
  return {
    async indexExists(index) {
      return (await client.indices.exists({ index })).body === true;
    },
    async createIndex(index, definition) {
      try {
        await client.indices.create({ index, body: definition });
      } catch (error) {
        if (!alreadyExists(error)) throw error;
      }
    },
    async bulk(operations, refresh) {
      const { body } = await client.bulk({ body: operations as never, refresh });
      if (body.errors) throw bulkError(body.items as never) ?? new Error('bulk indexing failed');
    },
    async deleteByQuery(index, query, refresh) {
      await client.deleteByQuery({ index, body: { query } as never, refresh, conflicts: 'proceed' });
    },
    async search(index, request, signal) {
      const { body } = await withSignal(client.search({ index, body: request as never }), signal);
      return body.hits.hits.map((hit) => ({ id: hit._id as string, score: hit._score ?? 0 }));
    },
    close: () => client.close(),
  };
}

/** BM25 text search on OpenSearch. */
export class OpenSearchTextIndex extends Bm25TextIndex {
  private readonly connection: ReturnType<typeof openSearchClient>;

  constructor(connection: EngineConnection, options: Bm25IndexOptions = {}) {
    const client = openSearchClient(connection);
    super('opensearch', client, options);
    this.connection = client;
  }

  close(): Promise<void> {
    return this.connection.close();
  }
}
