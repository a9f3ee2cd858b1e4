import type { AppConfig } from '@assistants/config';
import type { PrismaClient } from '@assistants/db';
import { createChatModel, createEmbedder, type EmbedderConfig, HashingEmbedder } from '@assistants/llm';
import type { ActivityDeps } from './activities/deps';
import type { SqlQuery } from './adapters/document-store';
import { DatabaseVectorIndex } from './adapters/database-vector-index';
import { HybridRetriever } from './adapters/hybrid-retriever';
import type { CpuRunner } from './cpu/cpu-pool';
import { PooledHashingEmbedder } from './cpu/pooled-embedder';
import type { LlmCallSettings } from './orchestration/definitions';
import type { ActivityEnvironment } from './ports/activity-environment';
import type { EventPublisher } from './ports/events';

/**
 * The adapters configuration asks for; the worker and the API's embedded runner both build theirs here.
 * With a CPU pool, ingest parses, chunks and (offline) embeds in its threads; with `sql` (the
 * database's own connection) its bulk statements skip Prisma's engine.
 */
export function createActivityDeps(
  config: AppConfig,
  prisma: PrismaClient,
  events: EventPublisher,
  env: ActivityEnvironment,
  options: { cpu?: CpuRunner; sql?: SqlQuery; warn?: (message: string) => void } = {},
): ActivityDeps {
  const { cpu, sql, warn = (message: string) => console.warn(message) } = options;
  const chatModel = createChatModel({ baseUrl: config.llm.baseUrl, apiKey: config.llm.apiKey, timeoutMs: config.llm.timeoutMs });
  const embedder = createEmbedder(embedderConfig(config), warn);
  // In the background: the first question or upload should not wait for the model to load.
  // Not under tests, which start many apps that never embed (each load costs a core for a moment).
  if (config.env !== 'test') embedder.warmUp?.().catch((error: Error) => warn(`embedding model failed to load: ${error.message}`));
  const vectors = new DatabaseVectorIndex(prisma, sql);
  // The local model already runs on a thread of its own; the hashing embedder joins the CPU pool.
  const ingestEmbedder = cpu && embedder instanceof HashingEmbedder ? new PooledHashingEmbedder(cpu, embedder.dimensions, embedder.model) : embedder;
  return { prisma, chatModel, embedder, vectors, retriever: new HybridRetriever(prisma, vectors, embedder), events, env, chat: config.chat, cpu, sql, ingestEmbedder };
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
