import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('runs with no environment at all: embedded defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, databaseUrl: undefined, allowRegistration: true, bodyLimit: '1mb', logLevel: 'info' });
    expect(config.dataDir).toMatch(/\/data$/);
    expect(config.temporal.address).toBeUndefined();
    expect(config.llm.baseUrl).toBeUndefined();
  });

  it('reads the live-update settings: Redis and WebSocket limits', () => {
    expect(loadConfig({})).toMatchObject({ redis: { url: undefined, keyPrefix: 'assistants:' }, live: { heartbeatMs: 30_000, maxBufferedBytes: 1024 * 1024 } });
    expect(loadConfig({ REDIS_URL: 'redis://cache:6379/2', WS_HEARTBEAT_MS: '5000' })).toMatchObject({
      redis: { url: 'redis://cache:6379/2' },
      live: { heartbeatMs: 5000 },
    });
    expect(() => loadConfig({ REDIS_URL: 'http://cache:6379' })).toThrow(/REDIS_URL must be a redis/);
    expect(() => loadConfig({ WS_MAX_BUFFERED_BYTES: '10' })).toThrow(ConfigError);
  });

  it('reads typed values', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgresql://u@db:5432/assistants',
      ALLOW_REGISTRATION: 'false',
      ADMIN_EMAIL: 'Boss@Example.com',
      ADMIN_PASSWORD: 'long-enough',
      CORS_ORIGINS: 'https://a.example, https://b.example',
      TEMPORAL_ADDRESS: 'temporal:7233',
    });
    expect(config).toMatchObject({
      port: 8080,
      databaseUrl: 'postgresql://u@db:5432/assistants',
      allowRegistration: false,
      admin: { email: 'boss@example.com', password: 'long-enough' },
      corsOrigins: ['https://a.example', 'https://b.example'],
      temporal: { address: 'temporal:7233', namespace: 'default', taskQueue: 'assistants' },
    });
  });

  it('caps rendered templates at 200,000 characters unless told otherwise', () => {
    expect(loadConfig({}).chat.maxRenderedTemplateChars).toBe(200_000);
    expect(loadConfig({ MAX_RENDERED_TEMPLATE_CHARS: '50000' }).chat.maxRenderedTemplateChars).toBe(50_000);
    expect(() => loadConfig({ MAX_RENDERED_TEMPLATE_CHARS: '10' })).toThrow(/MAX_RENDERED_TEMPLATE_CHARS/);
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', LLM_BASE_URL: '' })).toMatchObject({ databaseUrl: undefined, llm: { baseUrl: undefined } });
  });

  it('stops with every wrong value listed', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', ALLOW_REGISTRATION: 'maybe', JWT_SECRET: 'short', LLM_BASE_URL: 'not a url' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/^Invalid configuration:/);
    for (const name of ['PORT', 'DATABASE_URL', 'ALLOW_REGISTRATION', 'JWT_SECRET', 'LLM_BASE_URL']) expect(message).toContain(name);
    expect(message).toContain('(got "abc")');
  });

  it('embeds with the local model without an endpoint, with the endpoint when there is one', () => {
    expect(loadConfig({}).embeddings).toMatchObject({ provider: 'local', model: 'local', baseUrl: undefined });
    expect(loadConfig({}).embeddings.modelDir).toMatch(/\/\.cache\/models\/all-minilm-l6-v2-q$/);
    expect(loadConfig({ EMBEDDING_THREADS: '3' }).embeddings.threads).toBe(3);
    expect(loadConfig({ LLM_BASE_URL: 'http://llm:8080/v1' }).embeddings).toMatchObject({
      provider: 'openai',
      model: 'text-embedding-3-small',
      baseUrl: 'http://llm:8080/v1',
    });
    expect(loadConfig({ LLM_BASE_URL: 'http://llm:8080/v1', EMBEDDING_BASE_URL: 'offline' }).embeddings).toMatchObject({
      provider: 'local',
      baseUrl: undefined,
    });
    // In-process embedders beside a remote chat model.
    expect(loadConfig({ LLM_BASE_URL: 'http://llm:8080/v1', EMBEDDING_MODEL: 'local' }).embeddings).toMatchObject({ provider: 'local', baseUrl: undefined });
    expect(loadConfig({ EMBEDDING_MODEL: 'hashing' }).embeddings.provider).toBe('hashing');
  });

  it('refuses an endpoint model name with no endpoint', () => {
    expect(() => loadConfig({ EMBEDDING_MODEL: 'text-embedding-3-small' })).toThrow(/needs an embeddings endpoint.*"local" or "hashing"/);
  });

  it('starts the embedded PostgreSQL server on a free port unless EMBEDDED_POSTGRES_PORT names one', () => {
    expect(loadConfig({}).embeddedPostgresPort).toBe(0);
    expect(loadConfig({ EMBEDDED_POSTGRES_PORT: '55432' }).embeddedPostgresPort).toBe(55432);
    expect(() => loadConfig({ EMBEDDED_POSTGRES_PORT: '70000' })).toThrow(/EMBEDDED_POSTGRES_PORT/);
  });

  it('chooses the search engines from their URLs: the database indexes by default', () => {
    expect(loadConfig({}).search).toEqual({
      text: { engine: 'postgres' },
      vector: { engine: 'database' },
      legTimeoutMs: 2000,
      rrfK: 20,
      weights: { text: 1, vector: 1 },
      vectorWeightNonEnglish: 0.3,
      rerank: { engine: 'local', pool: 5, timeoutMs: 2000, semantic: 0.8, semanticNonEnglish: 0.35, lambda: 0.85, nonEnglish: 'lexical' },
    });
    const search = loadConfig({
      OPENSEARCH_URL: 'https://search.internal:9200',
      TEXT_INDEX_NAME: 'kb-chunks',
      QDRANT_URL: 'http://qdrant:6333',
      QDRANT_API_KEY: 'key',
      QDRANT_HNSW_M: '32',
      QDRANT_HNSW_EF_CONSTRUCT: '256',
      QDRANT_HNSW_EF: '128',
      SEARCH_LEG_TIMEOUT_MS: '500',
      SEARCH_RRF_K: '20',
      SEARCH_TEXT_WEIGHT: '1.5',
      SEARCH_VECTOR_WEIGHT: '0',
    }).search;
    expect(search).toEqual({
      text: { engine: 'opensearch', url: 'https://search.internal:9200', index: 'kb-chunks' },
      vector: { engine: 'qdrant', url: 'http://qdrant:6333', apiKey: 'key', collectionPrefix: 'chunks', hnsw: { m: 32, efConstruct: 256, ef: 128 } },
      legTimeoutMs: 500,
      rrfK: 20,
      weights: { text: 1.5, vector: 0 },
      vectorWeightNonEnglish: 0.3,
      rerank: { engine: 'local', pool: 5, timeoutMs: 2000, semantic: 0.8, semanticNonEnglish: 0.35, lambda: 0.85, nonEnglish: 'lexical' },
    });
    expect(loadConfig({ ELASTICSEARCH_URL: 'http://es:9200' }).search.text).toMatchObject({
      engine: 'elasticsearch',
      url: 'http://es:9200',
      index: 'assistants-chunks',
    });
  });

  it('reranks locally by default, over HTTP with a /rerank server, or not at all', () => {
    expect(loadConfig({ RERANK: 'off' }).search.rerank).toEqual({ engine: 'off' });
    expect(
      loadConfig({ RERANK_BASE_URL: 'http://tei:8080', RERANK_MODEL: 'bge-reranker-v2-m3', RERANK_API_KEY: 'k', RERANK_TIMEOUT_MS: '800', RERANK_POOL: '4' })
        .search.rerank,
    ).toEqual({
      engine: 'http',
      pool: 4,
      timeoutMs: 800,
      url: 'http://tei:8080',
      model: 'bge-reranker-v2-m3',
      apiKey: 'k',
    });
    expect(loadConfig({ RERANK_SEMANTIC_WEIGHT: '0.7', RERANK_MMR_LAMBDA: '1' }).search.rerank).toMatchObject({ engine: 'local', semantic: 0.7, lambda: 1 });
    expect(() => loadConfig({ RERANK: 'http' })).toThrow(/RERANK=http needs RERANK_BASE_URL/);
    for (const [name, value] of [
      ['RERANK', 'cohere'],
      ['RERANK_MMR_LAMBDA', '1.5'],
      ['RERANK_BASE_URL', 'tei:8080'],
      ['SEARCH_VECTOR_WEIGHT_NON_ENGLISH', 'low'],
    ]) {
      expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(name));
    }
  });

  it('weights the vector leg down for non-English queries with the local English model, not with an endpoint', () => {
    expect(loadConfig({ SEARCH_VECTOR_WEIGHT_NON_ENGLISH: '0.5' }).search.vectorWeightNonEnglish).toBe(0.5);
    expect(loadConfig({ LLM_BASE_URL: 'http://llm:8080/v1' }).search.vectorWeightNonEnglish).toBeUndefined();
    expect(loadConfig({ LLM_BASE_URL: 'http://llm:8080/v1', SEARCH_VECTOR_WEIGHT_NON_ENGLISH: '0.2' }).search.vectorWeightNonEnglish).toBe(0.2);
    // The reranker too: words for other languages with the English local model, the endpoint's model otherwise.
    expect(loadConfig({}).search.rerank).toMatchObject({ nonEnglish: 'lexical' });
    expect(loadConfig({ LLM_BASE_URL: 'http://llm:8080/v1' }).search.rerank).toMatchObject({ nonEnglish: 'model' });
  });

  it('signs in to Elasticsearch with an API key or a user name and password (security on)', () => {
    expect(loadConfig({ ELASTICSEARCH_URL: 'http://es:9200', ELASTICSEARCH_API_KEY: 'a2V5' }).search.text).toMatchObject({ apiKey: 'a2V5' });
    expect(loadConfig({ ELASTICSEARCH_URL: 'http://es:9200', ELASTICSEARCH_USERNAME: 'elastic', ELASTICSEARCH_PASSWORD: 'pw' }).search.text).toEqual({
      engine: 'elasticsearch',
      url: 'http://es:9200',
      username: 'elastic',
      password: 'pw',
      index: 'assistants-chunks',
    });
    expect(() => loadConfig({ ELASTICSEARCH_URL: 'http://es:9200', ELASTICSEARCH_USERNAME: 'elastic' })).toThrow(
      /ELASTICSEARCH_USERNAME and ELASTICSEARCH_PASSWORD go together/,
    );
    expect(() => loadConfig({ ELASTICSEARCH_URL: 'http://es:9200', ELASTICSEARCH_PASSWORD: 'pw' })).toThrow(
      /ELASTICSEARCH_USERNAME and ELASTICSEARCH_PASSWORD go together/,
    );
    expect(() =>
      loadConfig({ ELASTICSEARCH_URL: 'http://es:9200', ELASTICSEARCH_API_KEY: 'a2V5', ELASTICSEARCH_USERNAME: 'elastic', ELASTICSEARCH_PASSWORD: 'pw' }),
    ).toThrow(/API key or a user name/);
  });

  it('refuses search settings that cannot work', () => {
    expect(() => loadConfig({ ELASTICSEARCH_URL: 'http://es:9200', OPENSEARCH_URL: 'http://os:9200' })).toThrow(/not both/);
    expect(() => loadConfig({ SEARCH_TEXT_WEIGHT: '0', SEARCH_VECTOR_WEIGHT: '0' })).toThrow(/cannot both be 0/);
    for (const [name, value] of [
      ['QDRANT_URL', 'qdrant:6333'],
      ['SEARCH_LEG_TIMEOUT_MS', '10'],
      ['SEARCH_TEXT_WEIGHT', 'heavy'],
      ['QDRANT_HNSW_M', '1'],
      ['TEXT_INDEX_NAME', 'Bad Name'],
    ]) {
      expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(name));
    }
  });

  it('wants a password with ADMIN_EMAIL', () => {
    expect(() => loadConfig({ ADMIN_EMAIL: 'a@b.co' })).toThrow(/ADMIN_PASSWORD is required/);
  });

  it('reads rate limits, Redis and trust proxy', () => {
    const config = loadConfig({ RATE_LIMIT_LOGIN_ACCOUNT: '3/30s', RATE_LIMIT_USER: '100/2h', REDIS_URL: 'redis://127.0.0.1:6379/2', TRUST_PROXY: '1' });
    expect(config.rateLimits.loginAccount).toEqual({ limit: 3, windowMs: 30_000 });
    expect(config.rateLimits.user).toEqual({ limit: 100, windowMs: 7_200_000 });
    expect(config.rateLimits.anonymous).toEqual({ limit: 120, windowMs: 60_000 });
    expect(config.redis).toEqual({ url: 'redis://127.0.0.1:6379/2', keyPrefix: 'assistants:' });
    expect(config.trustProxy).toBe(1);
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(() => loadConfig({ RATE_LIMIT_USER: 'lots', REDIS_URL: 'http://x' })).toThrow(/REDIS_URL must be[\s\S]*RATE_LIMIT_USER must look like/);
  });

  it('reads the per-account limits: a person counts across keys, with a lower limit per key, and caps on keys and daily conversations', () => {
    const defaults = loadConfig({});
    expect(defaults.rateLimits.user).toEqual({ limit: 1200, windowMs: 60_000 });
    expect(defaults.rateLimits.apiKey).toEqual({ limit: 600, windowMs: 60_000 });
    expect(defaults.rateLimits.loginAccountTotal).toEqual({ limit: 100, windowMs: 900_000 });
    expect(defaults.quotas).toEqual({ apiKeysPerUser: 25, conversationsPerDay: 1000 });
    expect(loadConfig({ MAX_API_KEYS_PER_USER: '3', MAX_CONVERSATIONS_PER_DAY: '0', RATE_LIMIT_LOGIN_ACCOUNT_TOTAL: '50/1h' })).toMatchObject({
      quotas: { apiKeysPerUser: 3, conversationsPerDay: 0 },
      rateLimits: { loginAccountTotal: { limit: 50, windowMs: 3_600_000 } },
    });
    expect(() => loadConfig({ MAX_API_KEYS_PER_USER: '0' })).toThrow(/MAX_API_KEYS_PER_USER/);
    expect(() => loadConfig({ MAX_CONVERSATIONS_PER_DAY: '-1' })).toThrow(/MAX_CONVERSATIONS_PER_DAY/);
  });

  it('sizes ingest work: a bounded number at once, worker threads auto-sized by default', () => {
    const auto = loadConfig({}).ingest;
    expect(auto.concurrency).toBe(2);
    expect(auto.threads).toBeGreaterThanOrEqual(1);
    expect(auto.threads).toBeLessThanOrEqual(2);
    expect(loadConfig({ INGEST_CONCURRENCY: '4', INGEST_THREADS: '3', INGEST_DB_SHARE: '0.25' }).ingest).toMatchObject({
      concurrency: 4,
      threads: 3,
      dbShare: 0.25,
    });
    expect(auto.dbShare).toBe(0.5);
    expect(() => loadConfig({ INGEST_DB_SHARE: '0' })).toThrow(/INGEST_DB_SHARE/);
    expect(() => loadConfig({ INGEST_CONCURRENCY: '0', INGEST_THREADS: 'many' })).toThrow(/INGEST_CONCURRENCY[\s\S]*INGEST_THREADS/);
  });

  it('bounds each document: parse time, thread memory, passages, size once unpacked', () => {
    expect(loadConfig({}).ingest).toMatchObject({
      parseTimeoutMs: 120_000,
      threadMemoryMb: 1024,
      maxChunksPerDocument: 50_000,
      maxDecompressedBytes: 50 * 1024 * 1024,
    });
    const set = { INGEST_PARSE_TIMEOUT_MS: '30000', INGEST_THREAD_MEMORY_MB: '512', MAX_CHUNKS_PER_DOCUMENT: '1000', MAX_DECOMPRESSED_BYTES: '1048576' };
    expect(loadConfig(set).ingest).toMatchObject({
      parseTimeoutMs: 30_000,
      threadMemoryMb: 512,
      maxChunksPerDocument: 1000,
      maxDecompressedBytes: 1024 * 1024,
    });
    // Past 10 minutes the parse activity's own timeout would fire first, and be retried.
    expect(() => loadConfig({ INGEST_PARSE_TIMEOUT_MS: '900000' })).toThrow(/INGEST_PARSE_TIMEOUT_MS/);
    expect(() => loadConfig({ INGEST_THREAD_MEMORY_MB: '8', MAX_CHUNKS_PER_DOCUMENT: '0', MAX_DECOMPRESSED_BYTES: 'big' })).toThrow(
      /INGEST_THREAD_MEMORY_MB[\s\S]*MAX_CHUNKS_PER_DOCUMENT[\s\S]*MAX_DECOMPRESSED_BYTES/,
    );
  });

  it('bounds uploads per person and knowledge base, and PDF exports by a pool of threads', () => {
    const defaults = loadConfig({});
    expect(defaults).toMatchObject({ maxConcurrentUploadsPerUser: 2, maxDocumentsPerAssistant: 10_000 });
    expect(defaults.exports).toMatchObject({ queueLimit: 8, perUser: 2, timeoutMs: 120_000, maxPdfPages: 500 });
    expect(defaults.exports.threads).toBe(defaults.ingest.threads);
    const set = loadConfig({
      MAX_CONCURRENT_UPLOADS_PER_USER: '5',
      MAX_DOCUMENTS_PER_ASSISTANT: '100',
      EXPORT_THREADS: '3',
      EXPORT_QUEUE_LIMIT: '0',
      EXPORT_CONCURRENT_PER_USER: '1',
      EXPORT_TIMEOUT_MS: '5000',
      EXPORT_PDF_MAX_PAGES: '20',
    });
    expect(set).toMatchObject({ maxConcurrentUploadsPerUser: 5, maxDocumentsPerAssistant: 100 });
    expect(set.exports).toEqual({ threads: 3, queueLimit: 0, perUser: 1, timeoutMs: 5000, maxPdfPages: 20 });
    expect(() => loadConfig({ MAX_CONCURRENT_UPLOADS_PER_USER: '0', EXPORT_TIMEOUT_MS: '10', EXPORT_PDF_MAX_PAGES: 'all' })).toThrow(
      /MAX_CONCURRENT_UPLOADS_PER_USER[\s\S]*EXPORT_TIMEOUT_MS[\s\S]*EXPORT_PDF_MAX_PAGES/,
    );
  });
});
