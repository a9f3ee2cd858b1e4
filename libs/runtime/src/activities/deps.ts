import type { Prisma, PrismaClient, SqlStatements } from '@assistants/db';
import type {
  ChatModel,
  Embedder,
  LlmEndpoint,
  ActivityEnvironment,
  EventPublisher,
  Retriever,
  TextIndex,
  TransactionalStores,
  VectorIndex,
} from '@assistants/domain';
import type { CpuRunner } from '../cpu/cpu-pool';
import type { ToolDeps } from './tool-deps';

export interface ChatSettings {
  /** How many earlier messages go into the prompt at most. */
  historyMessages: number;
  /** Summarise once this many messages lie beyond the history window and the summary. */
  summaryAfterMessages: number;
  /** Write the streamed partial answer to the database at most this often. */
  partialFlushMs: number;
  /** The longest text a prompt template may render to (MAX_RENDERED_TEMPLATE_CHARS). */
  maxRenderedTemplateChars: number;
}

export const DEFAULT_CHAT_SETTINGS: ChatSettings = { historyMessages: 10, summaryAfterMessages: 10, partialFlushMs: 250, maxRenderedTemplateChars: 200_000 };

/** What one document may cost before it fails with the reason (see the INGEST_* and MAX_* settings). */
export interface IngestLimits {
  /** Parsing and chunking that take longer stop (the thread is terminated) and fail the document. */
  parseTimeoutMs: number;
  maxChunksPerDocument: number;
  maxDecompressedBytes: number;
}

export const DEFAULT_INGEST_LIMITS: IngestLimits = { parseTimeoutMs: 120_000, maxChunksPerDocument: 50_000, maxDecompressedBytes: 50 * 1024 * 1024 };

/** Everything activities touch, injected so Temporal, the embedded runner and tests share them. */
export interface ActivityDeps {
  /** Reads of assistants, conversations and templates, and the writes of their counters. */
  prisma: PrismaClient;
  /** The database's own connection: the chat turn's reads and counters of those tables, without Prisma's engine. */
  sql: SqlStatements;
  /** The only writers of tasks, messages and documents (with their uploads and chunks). */
  stores: TransactionalStores<Prisma.TransactionClient, SqlStatements>;
  /** The built-in provider's model (LLM_BASE_URL, or the offline answerer). */
  chatModel: ChatModel;
  /** The providers admins added: each turn's endpoint (key opened) and a client for it; without them, every turn uses chatModel. */
  llmProviders?: { endpoint(id: string): Promise<LlmEndpoint | null>; chatModel(endpoint: LlmEndpoint | null): ChatModel };
  embedder: Embedder;
  retriever: Retriever;
  vectors: VectorIndex;
  texts: TextIndex;
  events: EventPublisher;
  env: ActivityEnvironment;
  chat?: Partial<ChatSettings>;
  ingest?: Partial<IngestLimits>;
  /** Where parsing, chunking, token counting and prompt building run: worker threads in the API and worker; inline when unset. */
  cpu?: CpuRunner;
  /** Embeds chunks during ingest; `embedder` when unset. Chat's one-query embeddings stay on `embedder`. */
  ingestEmbedder?: Embedder;
  /** Tool calling; without it, turns offer no tools. */
  tools?: ToolDeps;
}
