import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, validateSync } from 'class-validator';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';

const toBoolean = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? ['true', '1', 'yes'].includes(value.toLowerCase())
      ? true
      : ['false', '0', 'no'].includes(value.toLowerCase())
        ? false
        : value
    : value;
const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value);
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);
const toNumber = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value);

const RATE = /^\d+\/\d+[smh]$/;
const DURATION = /^\d+(ms|s|m|h|d)?$/;

/** Every environment variable the platform reads; docs/configuration.md documents each, with its default. */
class EnvironmentVariables {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  @IsString()
  DATA_DIR = './data';

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgresql:// URL' })
  DATABASE_URL?: string;

  /** Without DATABASE_URL: the port of the PostgreSQL server the product starts (0 picks a free one at each start). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  EMBEDDED_POSTGRES_PORT = 0;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(60 * 60 * 24 * 30)
  JWT_TTL_SECONDS = 60 * 60 * 12;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsEmail({}, { message: 'ADMIN_EMAIL must be an email address' })
  ADMIN_EMAIL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(8, { message: 'ADMIN_PASSWORD must be at least 8 characters' })
  ADMIN_PASSWORD?: string;

  @IsString()
  ADMIN_NAME = 'Administrator';

  @Transform(toBoolean)
  @IsBoolean()
  ALLOW_REGISTRATION = true;

  @Matches(/^\d+(b|kb|mb)$/i, { message: 'BODY_LIMIT must look like 512kb or 1mb' })
  BODY_LIMIT = '1mb';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  CORS_ORIGINS?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] }, { message: 'LLM_BASE_URL must be an http(s) URL' })
  LLM_BASE_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  LLM_API_KEY?: string;

  @IsString()
  LLM_DEFAULT_MODEL = 'gpt-4o-mini';

  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(3_600_000)
  LLM_TIMEOUT_MS = 120_000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(20)
  LLM_MAX_ATTEMPTS = 4;

  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(60_000)
  LLM_RETRY_INITIAL_MS = 1000;

  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(600_000)
  LLM_HEARTBEAT_TIMEOUT_MS = 30_000;

  /** Lets the LLM providers admins add reach loopback, private, link-local and metadata addresses (the built-in LLM_BASE_URL always may). */
  @Transform(toBoolean)
  @IsBoolean()
  LLM_PROVIDERS_ALLOW_PRIVATE_NETWORKS = false;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^(offline|https?:\/\/.+)$/, { message: 'EMBEDDING_BASE_URL must be an http(s) URL or "offline"' })
  EMBEDDING_BASE_URL?: string;

  // Unset: the endpoint's text-embedding-3-small when there is an endpoint, else `local`.
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  EMBEDDING_MODEL?: string;

  @IsString()
  EMBEDDING_MODEL_DIR = '.cache/models/all-minilm-l6-v2-q';

  @Transform(emptyToUndefined)
  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(64)
  EMBEDDING_THREADS?: number;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(200)
  CHAT_HISTORY_MESSAGES = 10;

  @Transform(toInt)
  @IsInt()
  @Min(2)
  @Max(1000)
  CHAT_SUMMARY_AFTER = 10;

  // A template that repeats a long value multiplies it: previews and chat turns stop at this size.
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(100_000_000)
  MAX_RENDERED_TEMPLATE_CHARS = 200_000;

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(512 * 1024 * 1024)
  MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  MAX_UPLOAD_FILES = 10;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  MAX_CONCURRENT_UPLOADS_PER_USER = 2;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  MAX_DOCUMENTS_PER_ASSISTANT = 10_000;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(64)
  EXPORT_THREADS = 0;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10_000)
  EXPORT_QUEUE_LIMIT = 8;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  EXPORT_CONCURRENT_PER_USER = 2;

  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(3_600_000)
  EXPORT_TIMEOUT_MS = 120_000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  EXPORT_PDF_MAX_PAGES = 500;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  INGEST_CONCURRENCY = 2;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(64)
  INGEST_THREADS = 0;

  @Transform(toNumber)
  @IsNumber({}, { message: 'INGEST_DB_SHARE must be a number' })
  @Min(0.05)
  @Max(1)
  INGEST_DB_SHARE = 0.5;

  // At most 10 minutes: under the parse activity's own 15-minute timeout, so the document fails with this reason, not a timeout retried.
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(600_000)
  INGEST_PARSE_TIMEOUT_MS = 120_000;

  // A thread holds the tokenizer tables (about 100 MB) before any document.
  @Transform(toInt)
  @IsInt()
  @Min(256)
  @Max(65_536)
  INGEST_THREAD_MEMORY_MB = 1024;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  MAX_CHUNKS_PER_DOCUMENT = 50_000;

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(4 * 1024 * 1024 * 1024)
  MAX_DECOMPRESSED_BYTES = 50 * 1024 * 1024;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  TEMPORAL_ADDRESS?: string;

  @IsString()
  TEMPORAL_NAMESPACE = 'default';

  @IsString()
  TEMPORAL_TASK_QUEUE = 'assistants';

  // Unset: TEMPORAL_TASK_QUEUE with `-ingest`.
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  TEMPORAL_INGEST_TASK_QUEUE?: string;

  @Transform(emptyToUndefined)
  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000)
  TEMPORAL_MAX_CACHED_WORKFLOWS?: number;

  @Transform(toBoolean)
  @IsBoolean()
  TEMPORAL_SEARCH_ATTRIBUTES = false;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: 'QDRANT_URL must be an http(s) URL' })
  QDRANT_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  QDRANT_API_KEY?: string;

  @Matches(/^[A-Za-z0-9_-]{1,60}$/, { message: 'QDRANT_COLLECTION_PREFIX must be letters, digits, _ or -' })
  QDRANT_COLLECTION_PREFIX = 'chunks';

  @Transform(toInt)
  @IsInt()
  @Min(4)
  @Max(128)
  QDRANT_HNSW_M = 16;

  @Transform(toInt)
  @IsInt()
  @Min(8)
  @Max(2000)
  QDRANT_HNSW_EF_CONSTRUCT = 100;

  @Transform(emptyToUndefined)
  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  QDRANT_HNSW_EF?: number;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: 'ELASTICSEARCH_URL must be an http(s) URL' })
  ELASTICSEARCH_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  @IsString()
  REDIS_KEY_PREFIX = 'assistants:';

  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(600_000)
  WS_HEARTBEAT_MS = 30_000;

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(256 * 1024 * 1024)
  WS_MAX_BUFFERED_BYTES = 1024 * 1024;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  ELASTICSEARCH_API_KEY?: string;

  // Basic authentication, as a cluster with security on and only ELASTIC_PASSWORD set (docker/compose.yaml) offers.
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  ELASTICSEARCH_USERNAME?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  ELASTICSEARCH_PASSWORD?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: 'OPENSEARCH_URL must be an http(s) URL' })
  OPENSEARCH_URL?: string;

  @Matches(/^[a-z0-9][a-z0-9_-]{0,99}$/, { message: 'TEXT_INDEX_NAME must be lower-case letters, digits, _ or -' })
  TEXT_INDEX_NAME = 'assistants-chunks';

  @Transform(toInt)
  @IsInt()
  @Min(50)
  @Max(60_000)
  SEARCH_LEG_TIMEOUT_MS = 2000;

  // 20 rather than the paper's 60: the top ranks of each leg count more (measured by `npm run bench -- retrieval`).
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  SEARCH_RRF_K = 20;

  @Transform(toNumber)
  @IsNumber({}, { message: 'SEARCH_TEXT_WEIGHT must be a number' })
  @Min(0)
  @Max(100)
  SEARCH_TEXT_WEIGHT = 1;

  @Transform(toNumber)
  @IsNumber({}, { message: 'SEARCH_VECTOR_WEIGHT must be a number' })
  @Min(0)
  @Max(100)
  SEARCH_VECTOR_WEIGHT = 1;

  // Unset: 1 (as English) with an embeddings endpoint, which may well be multilingual; lower for the English local model.
  @Transform(emptyToUndefined)
  @Transform(toNumber)
  @IsOptional()
  @IsNumber({}, { message: 'SEARCH_VECTOR_WEIGHT_NON_ENGLISH must be a number' })
  @Min(0)
  @Max(100)
  SEARCH_VECTOR_WEIGHT_NON_ENGLISH?: number;

  // Unset: `http` when RERANK_BASE_URL is set, else `local`.
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(['local', 'http', 'off'], { message: 'RERANK must be local, http or off' })
  RERANK?: 'local' | 'http' | 'off';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: 'RERANK_BASE_URL must be an http(s) URL' })
  RERANK_BASE_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  RERANK_MODEL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  RERANK_API_KEY?: string;

  @Transform(toInt)
  @IsInt()
  @Min(50)
  @Max(60_000)
  RERANK_TIMEOUT_MS = 2000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(20)
  RERANK_POOL = 5;

  @Transform(toNumber)
  @IsNumber({}, { message: 'RERANK_SEMANTIC_WEIGHT must be a number' })
  @Min(0)
  @Max(1)
  RERANK_SEMANTIC_WEIGHT = 0.8;

  @Transform(toNumber)
  @IsNumber({}, { message: 'RERANK_SEMANTIC_WEIGHT_NON_ENGLISH must be a number' })
  @Min(0)
  @Max(1)
  RERANK_SEMANTIC_WEIGHT_NON_ENGLISH = 0.35;

  @Transform(toNumber)
  @IsNumber({}, { message: 'RERANK_MMR_LAMBDA must be a number' })
  @Min(0)
  @Max(1)
  RERANK_MMR_LAMBDA = 0.85;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  WEB_DIST_DIR?: string;

  @Matches(RATE, { message: 'RATE_LIMIT_LOGIN_ACCOUNT must look like 10/15m (failed sign-ins per window: s, m or h)' })
  RATE_LIMIT_LOGIN_ACCOUNT = '10/15m';

  @Matches(RATE, { message: 'RATE_LIMIT_LOGIN_ADDRESS must look like 30/15m' })
  RATE_LIMIT_LOGIN_ADDRESS = '30/15m';

  @Matches(RATE, { message: 'RATE_LIMIT_LOGIN_ACCOUNT_TOTAL must look like 100/15m' })
  RATE_LIMIT_LOGIN_ACCOUNT_TOTAL = '100/15m';

  @Matches(RATE, { message: 'RATE_LIMIT_USER must look like 1200/1m' })
  RATE_LIMIT_USER = '1200/1m';

  @Matches(RATE, { message: 'RATE_LIMIT_API_KEY must look like 600/1m' })
  RATE_LIMIT_API_KEY = '600/1m';

  @Matches(RATE, { message: 'RATE_LIMIT_ANONYMOUS must look like 120/1m' })
  RATE_LIMIT_ANONYMOUS = '120/1m';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_000)
  MAX_API_KEYS_PER_USER = 25;

  /** 0 turns the cap off. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  MAX_CONVERSATIONS_PER_DAY = 1000;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^(true|false|\d+|[\w.:/, -]+)$/, { message: 'TRUST_PROXY must be true, false, a hop count or a list of addresses' })
  TRUST_PROXY?: string;

  /** The key stored secrets (tool servers' headers and environment) are encrypted with; unset: one generated into DATA_DIR. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'SECRETS_KEY must be at least 32 characters' })
  SECRETS_KEY?: string;

  /** Lets tool servers' URLs reach loopback, private, link-local and metadata addresses. */
  @Transform(toBoolean)
  @IsBoolean()
  TOOLS_ALLOW_PRIVATE_NETWORKS = false;

  /** Lets admins add stdio tool servers: commands the product runs on this host. */
  @Transform(toBoolean)
  @IsBoolean()
  TOOLS_STDIO = false;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60 * 60_000)
  TOOL_CALL_TIMEOUT_MS = 60_000;

  @Transform(toInt)
  @IsInt()
  @Min(50)
  @Max(100_000)
  TOOL_RESULT_MAX_TOKENS = 2000;

  /** How long a tool call waits for a person's approval before it counts as rejected: 90s, 30m, 24h, 7d or milliseconds. */
  @Matches(DURATION, { message: 'TOOL_APPROVAL_TIMEOUT must look like 30m, 24h or 7d' })
  TOOL_APPROVAL_TIMEOUT = '24h';
}

/** "10/15m" → 10 requests per 15 minutes. */
export interface RateRule {
  limit: number;
  windowMs: number;
}
function parseRate(text: string): RateRule {
  const [, count, amount, unit] = /^(\d+)\/(\d+)([smh])$/.exec(text)!;
  return { limit: Number(count), windowMs: Number(amount) * { s: 1000, m: 60_000, h: 3_600_000 }[unit as 's' | 'm' | 'h'] };
}
/** "24h" → 86 400 000; a bare number is milliseconds. */
export function parseDuration(text: string): number {
  const [, amount, unit = 'ms'] = /^(\d+)(ms|s|m|h|d)?$/.exec(text)!;
  return Number(amount) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[unit as 'ms' | 's' | 'm' | 'h' | 'd'];
}
function parseTrustProxy(value: string | undefined): boolean | number | string {
  if (!value || value === 'false') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  dataDir: string;
  /** Unset means the PostgreSQL server the product starts itself, with its data in dataDir/postgres. */
  databaseUrl?: string;
  /** The embedded server's port; 0 picks a free one. */
  embeddedPostgresPort: number;
  jwt: { secret?: string; ttlSeconds: number };
  admin: { email?: string; password?: string; name: string };
  allowRegistration: boolean;
  bodyLimit: string;
  logLevel: string;
  corsOrigins: string[];
  llm: {
    baseUrl?: string;
    apiKey?: string;
    defaultModel: string;
    timeoutMs: number;
    maxAttempts: number;
    retryInitialMs: number;
    heartbeatTimeoutMs: number;
    /** LLM_PROVIDERS_ALLOW_PRIVATE_NETWORKS: whether providers added in the app may be on private networks. */
    providersAllowPrivateNetworks: boolean;
  };
  /**
   * Where embeddings come from: an OpenAI-compatible endpoint (EMBEDDING_BASE_URL, else the LLM's),
   * the local ONNX model in modelDir, or the lexical hashing embedder.
   */
  embeddings: { provider: EmbeddingProvider; baseUrl?: string; apiKey?: string; model: string; modelDir: string; threads: number };
  /** `maxRenderedTemplateChars`: the longest text a template may render to (preview and chat turns). */
  chat: { historyMessages: number; summaryAfterMessages: number; maxRenderedTemplateChars: number };
  maxUploadBytes: number;
  /** Files one knowledge-base upload request may carry. */
  maxUploadFiles: number;
  /** Upload requests one person may have open at once (per API process); more get 429 before their body is read. */
  maxConcurrentUploadsPerUser: number;
  /** Documents one assistant's knowledge base may hold; an upload past it gets 409. */
  maxDocumentsPerAssistant: number;
  /**
   * Conversation exports as PDF: worker threads that lay them out, exports that may wait for one
   * (more get 503), exports one person may have running or waiting (more get 429), the time one
   * may take from queueing to its last byte, and the pages of messages one PDF holds.
   */
  exports: { threads: number; queueLimit: number; perUser: number; timeoutMs: number; maxPdfPages: number };
  /**
   * Ingests run at once (others queue): embedded runner, and on Temporal the ingest task queue's activity
   * slots per worker; worker threads for parsing, chunking and offline embedding.
   */
  /** `dbShare` (embedded runner): the largest share of the database's time ingest's statements take while chat goes first (see DatabaseLanes). */
  ingest: IngestConfig;
  /** `ingestTaskQueue`: ingest activities run there, on a worker of their own with `ingest.concurrency` slots. */
  temporal: { address?: string; namespace: string; taskQueue: string; ingestTaskQueue: string; maxCachedWorkflows?: number; searchAttributes: boolean };
  search: SearchConfig;
  webDistDir: string;
  /** Unset: rate limits are counted in this process's memory and live events stay in-process (or PostgreSQL NOTIFY). */
  redis: { url?: string; keyPrefix: string };
  /** WebSocket: ping interval (a socket silent for two is closed) and the unsent bytes a slow client may pile up. */
  live: { heartbeatMs: number; maxBufferedBytes: number };
  /**
   * Sign-in: `loginAccount` failures per account from one address, `loginAddress` attempts per address, `loginAccountTotal`
   * failures per account from all addresses (past it, only addresses that have not failed for the account may try).
   * Requests: `user` for everything one person sends (any token or key), `apiKey` for each key on top, `anonymous` per address.
   */
  rateLimits: { loginAccount: RateRule; loginAddress: RateRule; loginAccountTotal: RateRule; user: RateRule; apiKey: RateRule; anonymous: RateRule };
  /** What one account may hold or start: active API keys, and conversations per UTC day (0: no cap). */
  quotas: { apiKeysPerUser: number; conversationsPerDay: number };
  /** Express "trust proxy": whether X-Forwarded-For/-Proto from a proxy are believed. */
  trustProxy: boolean | number | string;
  tools: ToolsConfig;
}

export interface ToolsConfig {
  /** SECRETS_KEY; unset: a key generated into DATA_DIR (see readOrCreateSecret). */
  secretsKey?: string;
  allowPrivateNetworks: boolean;
  stdio: boolean;
  callTimeoutMs: number;
  resultMaxTokens: number;
  approvalTimeoutMs: number;
}

export interface IngestConfig {
  concurrency: number;
  threads: number;
  dbShare: number;
  /** A document whose parse and chunking take longer fails (its thread is stopped and replaced). */
  parseTimeoutMs: number;
  /** Heap of each parse thread: a document that needs more fails, and only its thread goes. */
  threadMemoryMb: number;
  /** A document that would be cut into more passages fails before anything is embedded. */
  maxChunksPerDocument: number;
  /** How far a ZIP-based document (DOCX) may unpack. */
  maxDecompressedBytes: number;
}

/**
 * The two legs of retrieval and how they are fused. Unset URLs mean the embedded
 * indexes in the database (PostgreSQL full text, vectors in a table).
 */
export interface SearchConfig {
  text:
    | { engine: 'postgres' }
    | { engine: 'opensearch'; url: string; index: string }
    | { engine: 'elasticsearch'; url: string; index: string; apiKey?: string; username?: string; password?: string };
  vector:
    | { engine: 'database' }
    | { engine: 'qdrant'; url: string; apiKey?: string; collectionPrefix: string; hnsw: { m: number; efConstruct: number; ef?: number } };
  legTimeoutMs: number;
  rrfK: number;
  weights: { text: number; vector: number };
  /** The vector weight for queries not in English; unset = `weights.vector`. */
  vectorWeightNonEnglish?: number;
  rerank: RerankConfig;
}

/** What reorders the fused candidates: the local embedder's cosine + MMR, a `/rerank` endpoint, or nothing. */
export type RerankConfig =
  | { engine: 'off' }
  | { engine: 'local'; pool: number; timeoutMs: number; semantic: number; semanticNonEnglish: number; lambda: number; nonEnglish: 'lexical' | 'model' }
  | { engine: 'http'; pool: number; timeoutMs: number; url: string; model?: string; apiKey?: string };

/**
 * The English local model ranks Russian far worse than the text leg (recall@5 0.29 against 0.6),
 * and any real weight drags the fusion down (`npm run bench -- retrieval`): a small weight (0.3, chosen over 0.1 and 1 by that bench) keeps the leg
 * running, so its finds still reach the reranker, without letting it reorder the text leg's.
 */
export const LOCAL_MODEL_VECTOR_WEIGHT_NON_ENGLISH = 0.3;

function rerankConfig(vars: EnvironmentVariables): RerankConfig {
  const engine = vars.RERANK ?? (vars.RERANK_BASE_URL ? 'http' : 'local');
  const common = { pool: vars.RERANK_POOL, timeoutMs: vars.RERANK_TIMEOUT_MS };
  if (engine === 'off') return { engine };
  if (engine === 'http') {
    if (!vars.RERANK_BASE_URL) throw new ConfigError(['RERANK=http needs RERANK_BASE_URL (the server answering POST /rerank)']);
    return { engine, ...common, url: vars.RERANK_BASE_URL, model: vars.RERANK_MODEL, apiKey: vars.RERANK_API_KEY };
  }
  return {
    engine,
    ...common,
    semantic: vars.RERANK_SEMANTIC_WEIGHT,
    semanticNonEnglish: vars.RERANK_SEMANTIC_WEIGHT_NON_ENGLISH,
    lambda: vars.RERANK_MMR_LAMBDA,
    // An embeddings endpoint may well be multilingual; the local model is English, so other languages are compared by their words.
    nonEnglish: embeddingsConfig(vars).provider === 'openai' ? 'model' : 'lexical',
  };
}

function searchConfig(vars: EnvironmentVariables): SearchConfig {
  if (vars.ELASTICSEARCH_URL && vars.OPENSEARCH_URL) throw new ConfigError(['set ELASTICSEARCH_URL or OPENSEARCH_URL, not both: the text leg uses one engine']);
  if (vars.SEARCH_TEXT_WEIGHT === 0 && vars.SEARCH_VECTOR_WEIGHT === 0) throw new ConfigError(['SEARCH_TEXT_WEIGHT and SEARCH_VECTOR_WEIGHT cannot both be 0']);
  if (!vars.ELASTICSEARCH_USERNAME !== !vars.ELASTICSEARCH_PASSWORD) throw new ConfigError(['ELASTICSEARCH_USERNAME and ELASTICSEARCH_PASSWORD go together']);
  if (vars.ELASTICSEARCH_API_KEY && vars.ELASTICSEARCH_USERNAME)
    throw new ConfigError(['Elasticsearch takes an API key or a user name and password (ELASTICSEARCH_API_KEY or ELASTICSEARCH_USERNAME/PASSWORD), not both']);
  const index = vars.TEXT_INDEX_NAME;
  const nonEnglish =
    vars.SEARCH_VECTOR_WEIGHT_NON_ENGLISH ?? (embeddingsConfig(vars).provider === 'openai' ? undefined : LOCAL_MODEL_VECTOR_WEIGHT_NON_ENGLISH);
  return {
    text: vars.ELASTICSEARCH_URL
      ? {
          engine: 'elasticsearch',
          url: vars.ELASTICSEARCH_URL,
          index,
          ...(vars.ELASTICSEARCH_API_KEY
            ? { apiKey: vars.ELASTICSEARCH_API_KEY }
            : vars.ELASTICSEARCH_USERNAME
              ? { username: vars.ELASTICSEARCH_USERNAME, password: vars.ELASTICSEARCH_PASSWORD }
              : {}),
        }
      : vars.OPENSEARCH_URL
        ? { engine: 'opensearch', url: vars.OPENSEARCH_URL, index }
        : { engine: 'postgres' },
    vector: vars.QDRANT_URL
      ? {
          engine: 'qdrant',
          url: vars.QDRANT_URL,
          apiKey: vars.QDRANT_API_KEY,
          collectionPrefix: vars.QDRANT_COLLECTION_PREFIX,
          hnsw: { m: vars.QDRANT_HNSW_M, efConstruct: vars.QDRANT_HNSW_EF_CONSTRUCT, ef: vars.QDRANT_HNSW_EF },
        }
      : { engine: 'database' },
    legTimeoutMs: vars.SEARCH_LEG_TIMEOUT_MS,
    rrfK: vars.SEARCH_RRF_K,
    weights: { text: vars.SEARCH_TEXT_WEIGHT, vector: vars.SEARCH_VECTOR_WEIGHT },
    ...(nonEnglish !== undefined && { vectorWeightNonEnglish: nonEnglish }),
    rerank: rerankConfig(vars),
  };
}

/** `local` and `hashing` are in-process embedders; any other EMBEDDING_MODEL names a model at the endpoint. */
export type EmbeddingProvider = 'openai' | 'local' | 'hashing';

function embeddingsConfig(vars: EnvironmentVariables): AppConfig['embeddings'] {
  const baseUrl = vars.EMBEDDING_BASE_URL === 'offline' ? undefined : (vars.EMBEDDING_BASE_URL ?? vars.LLM_BASE_URL);
  const model = vars.EMBEDDING_MODEL ?? (baseUrl ? 'text-embedding-3-small' : 'local');
  const provider: EmbeddingProvider = model === 'local' || model === 'hashing' ? model : 'openai';
  if (provider === 'openai' && !baseUrl) {
    throw new ConfigError([
      `EMBEDDING_MODEL "${model}" needs an embeddings endpoint (EMBEDDING_BASE_URL or LLM_BASE_URL); without one use "local" or "hashing"`,
    ]);
  }
  return {
    provider,
    baseUrl: provider === 'openai' ? baseUrl : undefined,
    apiKey: vars.LLM_API_KEY,
    model,
    modelDir: resolve(vars.EMBEDDING_MODEL_DIR),
    // Worker threads of the local model, one runtime thread each; two by default (fewer on one core).
    threads: vars.EMBEDDING_THREADS ?? Math.min(2, availableParallelism()),
  };
}

/** One core stays for the thread that serves requests; more than two threads rarely pays for their memory. */
function defaultBackgroundThreads(): number {
  return Math.max(1, Math.min(2, availableParallelism() - 1));
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment once; throws ConfigError listing every bad value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const vars = plainToInstance(EnvironmentVariables, { ...env });
  const errors = validateSync(vars, { skipMissingProperties: false });
  if (errors.length > 0) {
    throw new ConfigError(errors.flatMap((e) => Object.values(e.constraints ?? {}).map((msg) => `${msg} (got ${JSON.stringify(e.value)})`)));
  }
  if (vars.ADMIN_EMAIL && !vars.ADMIN_PASSWORD) throw new ConfigError(['ADMIN_PASSWORD is required when ADMIN_EMAIL is set']);
  const dataDir = resolve(vars.DATA_DIR);
  return {
    env: vars.NODE_ENV as AppConfig['env'],
    port: vars.PORT,
    host: vars.HOST,
    dataDir,
    databaseUrl: vars.DATABASE_URL,
    embeddedPostgresPort: vars.EMBEDDED_POSTGRES_PORT,
    jwt: { secret: vars.JWT_SECRET, ttlSeconds: vars.JWT_TTL_SECONDS },
    admin: { email: vars.ADMIN_EMAIL?.toLowerCase(), password: vars.ADMIN_PASSWORD, name: vars.ADMIN_NAME },
    allowRegistration: vars.ALLOW_REGISTRATION,
    bodyLimit: vars.BODY_LIMIT,
    logLevel: vars.LOG_LEVEL,
    corsOrigins: (vars.CORS_ORIGINS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    llm: {
      baseUrl: vars.LLM_BASE_URL,
      apiKey: vars.LLM_API_KEY,
      defaultModel: vars.LLM_DEFAULT_MODEL,
      timeoutMs: vars.LLM_TIMEOUT_MS,
      maxAttempts: vars.LLM_MAX_ATTEMPTS,
      retryInitialMs: vars.LLM_RETRY_INITIAL_MS,
      heartbeatTimeoutMs: vars.LLM_HEARTBEAT_TIMEOUT_MS,
      providersAllowPrivateNetworks: vars.LLM_PROVIDERS_ALLOW_PRIVATE_NETWORKS,
    },
    embeddings: embeddingsConfig(vars),
    chat: {
      historyMessages: vars.CHAT_HISTORY_MESSAGES,
      summaryAfterMessages: vars.CHAT_SUMMARY_AFTER,
      maxRenderedTemplateChars: vars.MAX_RENDERED_TEMPLATE_CHARS,
    },
    maxUploadBytes: vars.MAX_UPLOAD_BYTES,
    maxUploadFiles: vars.MAX_UPLOAD_FILES,
    maxConcurrentUploadsPerUser: vars.MAX_CONCURRENT_UPLOADS_PER_USER,
    maxDocumentsPerAssistant: vars.MAX_DOCUMENTS_PER_ASSISTANT,
    exports: {
      threads: vars.EXPORT_THREADS || defaultBackgroundThreads(),
      queueLimit: vars.EXPORT_QUEUE_LIMIT,
      perUser: vars.EXPORT_CONCURRENT_PER_USER,
      timeoutMs: vars.EXPORT_TIMEOUT_MS,
      maxPdfPages: vars.EXPORT_PDF_MAX_PAGES,
    },
    ingest: {
      concurrency: vars.INGEST_CONCURRENCY,
      threads: vars.INGEST_THREADS || defaultBackgroundThreads(),
      dbShare: vars.INGEST_DB_SHARE,
      parseTimeoutMs: vars.INGEST_PARSE_TIMEOUT_MS,
      threadMemoryMb: vars.INGEST_THREAD_MEMORY_MB,
      maxChunksPerDocument: vars.MAX_CHUNKS_PER_DOCUMENT,
      maxDecompressedBytes: vars.MAX_DECOMPRESSED_BYTES,
    },
    temporal: {
      address: vars.TEMPORAL_ADDRESS,
      namespace: vars.TEMPORAL_NAMESPACE,
      taskQueue: vars.TEMPORAL_TASK_QUEUE,
      ingestTaskQueue: vars.TEMPORAL_INGEST_TASK_QUEUE ?? `${vars.TEMPORAL_TASK_QUEUE}-ingest`,
      maxCachedWorkflows: vars.TEMPORAL_MAX_CACHED_WORKFLOWS,
      searchAttributes: vars.TEMPORAL_SEARCH_ATTRIBUTES,
    },
    search: searchConfig(vars),
    webDistDir: resolve(vars.WEB_DIST_DIR ?? 'dist/web/browser'),
    redis: { url: vars.REDIS_URL, keyPrefix: vars.REDIS_KEY_PREFIX },
    rateLimits: {
      loginAccount: parseRate(vars.RATE_LIMIT_LOGIN_ACCOUNT),
      loginAddress: parseRate(vars.RATE_LIMIT_LOGIN_ADDRESS),
      loginAccountTotal: parseRate(vars.RATE_LIMIT_LOGIN_ACCOUNT_TOTAL),
      user: parseRate(vars.RATE_LIMIT_USER),
      apiKey: parseRate(vars.RATE_LIMIT_API_KEY),
      anonymous: parseRate(vars.RATE_LIMIT_ANONYMOUS),
    },
    quotas: { apiKeysPerUser: vars.MAX_API_KEYS_PER_USER, conversationsPerDay: vars.MAX_CONVERSATIONS_PER_DAY },
    trustProxy: parseTrustProxy(vars.TRUST_PROXY),
    tools: {
      secretsKey: vars.SECRETS_KEY,
      allowPrivateNetworks: vars.TOOLS_ALLOW_PRIVATE_NETWORKS,
      stdio: vars.TOOLS_STDIO,
      callTimeoutMs: vars.TOOL_CALL_TIMEOUT_MS,
      resultMaxTokens: vars.TOOL_RESULT_MAX_TOKENS,
      approvalTimeoutMs: parseDuration(vars.TOOL_APPROVAL_TIMEOUT),
    },
    live: { heartbeatMs: vars.WS_HEARTBEAT_MS, maxBufferedBytes: vars.WS_MAX_BUFFERED_BYTES },
  };
}
