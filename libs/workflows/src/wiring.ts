import type { AppConfig } from '@assistants/config';
import type { PrismaClient } from '@assistants/db';
import { createChatModel, createEmbedder, type EmbedderConfig } from '@assistants/llm';
import type { ActivityDeps } from './activities/deps';
import { DatabaseVectorIndex } from './adapters/database-vector-index';
import { HybridRetriever } from './adapters/hybrid-retriever';
import type { LlmCallSettings } from './orchestration/definitions';
import type { ActivityEnvironment } from './ports/activity-environment';
import type { EventPublisher } from './ports/events';

/** The adapters configuration asks for; the worker and the API's embedded runner both build theirs here. */
export function createActivityDeps(
  config: AppConfig,
  prisma: PrismaClient,
  events: EventPublisher,
  env: ActivityEnvironment,
  warn: (message: string) => void = (message) => console.warn(message),
): ActivityDeps {
  const chatModel = createChatModel({ baseUrl: config.llm.baseUrl, apiKey: config.llm.apiKey, timeoutMs: config.llm.timeoutMs });
  const embedder = createEmbedder(embedderConfig(config), warn);
  // In the background: the first question or upload should not wait for the model to load.
  // Not under tests, which start many apps that never embed (each load costs a core for a moment).
  if (config.env !== 'test') embedder.warmUp?.().catch((error: Error) => warn(`embedding model failed to load: ${error.message}`));
  const vectors = new DatabaseVectorIndex(prisma);
  return { prisma, chatModel, embedder, vectors, retriever: new HybridRetriever(prisma, vectors, embedder), events, env, chat: config.chat };
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
