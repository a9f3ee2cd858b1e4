import type { AppConfig, RerankConfig, SearchConfig } from '@assistants/config';
import type { Database, PrismaClient } from '@assistants/db';
import { join } from 'node:path';
import {
  createChatModel,
  createEmbedder,
  type EmbedderConfig,
  HashingEmbedder,
  CachedVectorIndex,
  HybridRetriever,
  type HybridOptions,
  ElasticsearchTextIndex,
  OpenSearchTextIndex,
  CachedBm25TextIndex,
  CacheSnapshots,
  KnowledgeFingerprints,
  QdrantVectorIndex,
  HttpReranker,
  LocalReranker,
  PostgresStores,
  createSecretBox,
  createToolStores,
  PostgresLlmProviderStore,
  ProviderChatModels,
  serverForCallSql,
  type ServerForCall,
  ToolCallStore,
  ToolConnections,
} from '@assistants/adapters';
import type { ToolDeps } from './activities/tool-deps';
import { type Embedder } from '@assistants/domain';
import type { ActivityDeps } from './activities/deps';
import type { CpuRunner } from './cpu/cpu-pool';
import { PooledHashingEmbedder } from './cpu/pooled-embedder';
import { pooledUsageCounter } from './cpu/pooled-usage';
import type { ActivityEnvironment, EventPublisher, Reranker, TextIndex, VectorIndex } from '@assistants/domain';
import type { LlmCallSettings } from '@assistants/workflows';

/** The indexes, the embedder and the retriever over them: built once, shared by ingest, chat and the search endpoint. */
export interface SearchStack {
  embedder: Embedder;
  texts: TextIndex;
  vectors: VectorIndex;
  retriever: HybridRetriever;
  /** Ends the embedder's threads and the engines' connections. */
  close(): Promise<void>;
}

/** What the search stack and the activities need of the database: its own connection. */
export type SearchDatabase = Pick<Database, 'sql'> & { lanes?: Pick<Database['lanes'], 'inBackground'> };

const closeIfAble = async (thing: unknown) => (thing as { close?: () => Promise<void> }).close?.();

/**
 * The engines configuration names; unset URLs mean the indexes in the database, the same on the
 * embedded server and on any other PostgreSQL: BM25 over the stored tsvectors, and the vectors,
 * cached per assistant in this process (the GIN index with ts_rank, and exact cosine in SQL, for
 * an assistant too big for the caches).
 */
export function createSearchStack(
  config: AppConfig,
  prisma: PrismaClient,
  warn: (message: string) => void = (message) => console.warn(message),
  { warmUp = config.env !== 'test', database }: { warmUp?: boolean; database: SearchDatabase },
): SearchStack {
  const embedder = createEmbedder(embedderConfig(config), warn);
  // In the background: the first question or upload should not wait for the model to load.
  // Not under tests, which start many apps that never embed (each load costs a core for a moment),
  // nor in an API whose workers embed (it then loads the model on its first search).
  if (warmUp) embedder.warmUp?.().catch((error: Error) => warn(`embedding model failed to load: ${error.message}`));
  const { search } = config;
  // One check of the assistant's documents per search, for both in-process caches, and one folder
  // that keeps them between starts (an assistant's first search then reads a file, not every chunk).
  const fingerprints = new KnowledgeFingerprints(database.sql);
  const snapshots = new CacheSnapshots(join(config.dataDir, 'search-cache'));
  // A cold assistant's caches fill behind searches and chat (which meanwhile search in SQL).
  const lanes = database.lanes;
  const inBackground = lanes ? <R>(work: () => Promise<R>) => lanes.inBackground(work) : undefined;
  const texts: TextIndex =
    search.text.engine === 'opensearch'
      ? new OpenSearchTextIndex({ url: search.text.url }, { index: search.text.index })
      : search.text.engine === 'elasticsearch'
        ? new ElasticsearchTextIndex(
            { url: search.text.url, apiKey: search.text.apiKey, username: search.text.username, password: search.text.password },
            { index: search.text.index },
          )
        : new CachedBm25TextIndex(prisma, database.sql, { fingerprints, snapshots, inBackground });
  const vectors: VectorIndex =
    search.vector.engine === 'qdrant'
      ? new QdrantVectorIndex({
          url: search.vector.url,
          apiKey: search.vector.apiKey,
          collectionPrefix: search.vector.collectionPrefix,
          hnsw: search.vector.hnsw,
        })
      : new CachedVectorIndex(prisma, database.sql, { fingerprints, snapshots, inBackground });
  const retriever = new HybridRetriever(
    prisma,
    { text: texts, vector: { index: vectors, embedder }, reranker: createReranker(search.rerank, embedder, vectors) },
    hybridOptions(search),
    database.sql,
  );
  return {
    embedder,
    texts,
    vectors,
    retriever,
    close: async () => void (await Promise.allSettled([closeIfAble(embedder), closeIfAble(texts), closeIfAble(vectors)])),
  };
}

/**
 * The adapters configuration asks for; the worker and the API's embedded runner both build theirs here.
 * With a CPU pool, ingest parses, chunks and (offline) embeds in its threads, and chat turns count
 * tokens in its chat thread. The stores write tasks, messages and documents (ingest's bulk statements through
 * the database's own connection, not Prisma's engine).
 */
export function createActivityDeps(
  config: AppConfig,
  prisma: PrismaClient,
  events: EventPublisher,
  env: ActivityEnvironment,
  options: { cpu?: CpuRunner; warn?: (message: string) => void; search?: SearchStack; database: SearchDatabase },
): ActivityDeps {
  const { cpu, warn = (message: string) => console.warn(message), database } = options;
  const search = options.search ?? createSearchStack(config, prisma, warn, { database });
  const chatModel = createChatModel(
    { baseUrl: config.llm.baseUrl, apiKey: config.llm.apiKey, timeoutMs: config.llm.timeoutMs },
    cpu && pooledUsageCounter(cpu),
  );
  const providers = new PostgresLlmProviderStore(prisma, createSecretBox(config));
  const models = new ProviderChatModels(chatModel, {
    timeoutMs: config.llm.timeoutMs,
    countUsage: cpu && pooledUsageCounter(cpu),
    allowPrivateNetworks: config.llm.providersAllowPrivateNetworks,
  });
  const { embedder, vectors, texts, retriever } = search;
  // The local model already runs on a thread of its own; the hashing embedder joins the CPU pool.
  const ingestEmbedder = cpu && embedder instanceof HashingEmbedder ? new PooledHashingEmbedder(cpu, embedder.dimensions, embedder.model) : embedder;
  const stores = new PostgresStores(prisma, database.sql);
  return {
    tools: createToolDeps(config, prisma, database.sql),
    prisma,
    sql: database.sql,
    stores,
    chatModel,
    llmProviders: { endpoint: (id) => providers.endpoint(id), chatModel: (endpoint) => models.for(endpoint) },
    embedder,
    vectors,
    texts,
    retriever,
    events,
    env,
    chat: config.chat,
    ingest: config.ingest,
    cpu,
    ingestEmbedder,
  };
}

/** Tool calling as configured: the assistants' tools and servers (secrets opened with the secrets key), the calls' store, connections kept open between calls. */
export function createToolDeps(config: AppConfig, prisma: PrismaClient, sql: SearchDatabase['sql']): ToolDeps {
  const { toolServers, assistantTools } = createToolStores(prisma, createSecretBox(config), { stdio: config.tools.stdio, sql });
  const { allowPrivateNetworks, callTimeoutMs, resultMaxTokens, approvalTimeoutMs } = config.tools;
  const connections = new ToolConnections({ allowPrivateNetworks, timeoutMs: callTimeoutMs });
  const calls = new ToolCallStore(sql);
  return {
    catalog: {
      linkedTools: (assistantId) => assistantTools.linkedTools(assistantId),
      toolServerConnection: (serverId, assistantId) => toolServers.toolServerConnection(serverId, assistantId),
    },
    calls,
    async claim(callId) {
      const claimed = await calls.claim<ServerForCall['server']>(callId, (c) => serverForCallSql(`${c}.server_id`, `${c}.assistant_id`));
      if (!claimed) return null;
      const { alongside, ...call } = claimed;
      return { call, server: toolServers.connectionFor(alongside ?? null, true) };
    },
    settings: { allowPrivateNetworks, callTimeoutMs, resultMaxTokens, approvalTimeoutMs },
    connect: (serverId, connection) => connections.lease(serverId, connection),
    close: () => connections.close(),
  };
}

/** Fusion and rerank settings as configured (the evaluation builds single-leg retrievers with the same). */
export function hybridOptions(search: SearchConfig): Partial<HybridOptions> {
  return {
    k: search.rrfK,
    weights: search.weights,
    vectorWeightNonEnglish: search.vectorWeightNonEnglish,
    legTimeoutMs: search.legTimeoutMs,
    ...(search.rerank.engine !== 'off' && { rerankPool: search.rerank.pool, rerankTimeoutMs: search.rerank.timeoutMs }),
  };
}

/** The reranker configuration names, over the search embedder (and its stored vectors in `vectors`) for the local one. */
export function createReranker(rerank: RerankConfig, embedder: Embedder, vectors?: VectorIndex): Reranker | undefined {
  if (rerank.engine === 'http') return new HttpReranker({ baseUrl: rerank.url, model: rerank.model, apiKey: rerank.apiKey, timeoutMs: rerank.timeoutMs });
  if (rerank.engine === 'local') {
    const { semantic, semanticNonEnglish, lambda, nonEnglish } = rerank;
    return new LocalReranker(embedder, { semantic, semanticNonEnglish, lambda, nonEnglish }, vectors);
  }
  return undefined;
}

export function embedderConfig(config: AppConfig): EmbedderConfig {
  const { provider, baseUrl, apiKey, model, modelDir, threads } = config.embeddings;
  return { provider, baseUrl, apiKey, model: provider === 'openai' ? model : undefined, localModelDir: modelDir, threads, timeoutMs: config.llm.timeoutMs };
}

export function llmCallSettings(config: AppConfig): LlmCallSettings {
  return {
    timeoutMs: config.llm.timeoutMs,
    heartbeatTimeoutMs: config.llm.heartbeatTimeoutMs,
    retry: { initialIntervalMs: config.llm.retryInitialMs, maximumAttempts: config.llm.maxAttempts, backoffCoefficient: 2, maximumIntervalMs: 30_000 },
  };
}
