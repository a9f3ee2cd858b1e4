// One adapter per external system, each implementing a port of @assistants/domain:
// LLMs, embedders, search engines and vector stores, rerankers, event transports, the database store.
export * from './llm/openai-client';
export * from './llm/openai-chat-model';
export * from './llm/offline-answerer';
export * from './llm/errors';
export * from './llm/create-chat-model';
export * from './embeddings/hashing-embedder';
export * from './embeddings/local-onnx-embedder';
export * from './embeddings/threaded-embedder';
export * from './embeddings/openai-embedder';
export * from './embeddings/create-embedder';
export * from './search/bm25-text-index';
export * from './search/opensearch-text-index';
export * from './search/elasticsearch-text-index';
export * from './search/postgres-text-index';
export * from './search/pglite-bm25-text-index';
export * from './search/pgvector-vector-index';
export * from './search/qdrant-vector-index';
export * from './search/database-vector-index';
export * from './search/hybrid-retriever';
export * from './search/rerank/http-reranker';
export * from './search/rerank/local-reranker';
export * from './events/local-event-bus';
export * from './events/pg-events';
export * from './events/redis-events';
export * from './store/document-store';
