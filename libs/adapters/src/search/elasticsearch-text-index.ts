import { Client, errors } from '@elastic/elasticsearch';
import { type Bm25Client, type Bm25IndexOptions, Bm25TextIndex, bulkError } from './bm25-text-index';
import type { EngineConnection } from './opensearch-text-index';

/** A cluster with security on takes an API key, or a user name and password (basic authentication). */
export type ElasticsearchConnection = EngineConnection & { apiKey?: string; username?: string; password?: string };

/** The BM25 calls on @elastic/elasticsearch 8 (which refuses to talk to OpenSearch). */
export function elasticsearchClient(connection: ElasticsearchConnection): Bm25Client & { close(): Promise<void> } {
  const client = new Client({
    node: connection.url,
    requestTimeout: connection.requestTimeoutMs ?? 10_000,
    maxRetries: 1,
    ...(connection.apiKey
      ? { auth: { apiKey: connection.apiKey } }
      : connection.username && { auth: { username: connection.username, password: connection.password ?? '' } }),
  });
  return {
    indexExists: (index) => client.indices.exists({ index }),
    async createIndex(index, definition) {
      try {
        await client.indices.create({ index, ...definition });
      } catch (error) {
        if (!(error instanceof errors.ResponseError && error.body?.error?.type === 'resource_already_exists_exception')) throw error;
      }
    },
    async bulk(operations, refresh) {
      const response = await client.bulk({ operations: operations as never, refresh });
      if (response.errors) throw bulkError(response.items as never) ?? new Error('bulk indexing failed');
    },
    async deleteByQuery(index, query, refresh) {
      await client.deleteByQuery({ index, query: query as never, refresh, conflicts: 'proceed' });
    },
    async search(index, request, signal) {
      const response = await client.search({ index, ...(request as object) }, { signal });
      return response.hits.hits.map((hit) => ({ id: hit._id as string, score: hit._score ?? 0 }));
    },
    close: () => client.close(),
  };
}

/** BM25 text search on Elasticsearch 8. */
export class ElasticsearchTextIndex extends Bm25TextIndex {
  private readonly connection: ReturnType<typeof elasticsearchClient>;

  constructor(connection: ElasticsearchConnection, options: Bm25IndexOptions = {}) {
    const client = elasticsearchClient(connection);
    super('elasticsearch', client, options);
    this.connection = client;
  }

  close(): Promise<void> {
    return this.connection.close();
  }
}
