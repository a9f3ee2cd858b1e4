import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';

const toBoolean = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? (['true', '1', 'yes'].includes(value.toLowerCase()) ? true : ['false', '0', 'no'].includes(value.toLowerCase()) ? false : value) : value;
const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value);
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/** Every environment variable the platform reads; README.md documents each. */
class EnvironmentVariables {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV = 'development';

  @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  @IsString()
  DATA_DIR = './data';

  @Transform(emptyToUndefined) @IsOptional() @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgresql:// URL' })
  DATABASE_URL?: string;

  @Transform(emptyToUndefined) @IsOptional() @IsString() @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @Transform(toInt) @IsInt() @Min(60) @Max(60 * 60 * 24 * 30)
  JWT_TTL_SECONDS = 60 * 60 * 12;

  @Transform(emptyToUndefined) @IsOptional() @IsEmail({}, { message: 'ADMIN_EMAIL must be an email address' })
  ADMIN_EMAIL?: string;

  @Transform(emptyToUndefined) @IsOptional() @IsString() @MinLength(8, { message: 'ADMIN_PASSWORD must be at least 8 characters' })
  ADMIN_PASSWORD?: string;

  @IsString()
  ADMIN_NAME = 'Administrator';

  @Transform(toBoolean) @IsBoolean()
  ALLOW_REGISTRATION = true;

  @Matches(/^\d+(b|kb|mb)$/i, { message: 'BODY_LIMIT must look like 512kb or 1mb' })
  BODY_LIMIT = '1mb';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @Transform(emptyToUndefined) @IsOptional() @IsString()
  CORS_ORIGINS?: string;

  @Transform(emptyToUndefined) @IsOptional() @IsUrl({ require_tld: false, protocols: ['http', 'https'] }, { message: 'LLM_BASE_URL must be an http(s) URL' })
  LLM_BASE_URL?: string;

  @Transform(emptyToUndefined) @IsOptional() @IsString()
  LLM_API_KEY?: string;

  @IsString()
  LLM_DEFAULT_MODEL = 'gpt-4o-mini';

  @Transform(toInt) @IsInt() @Min(1000) @Max(3_600_000)
  LLM_TIMEOUT_MS = 120_000;

  @Transform(toInt) @IsInt() @Min(1) @Max(20)
  LLM_MAX_ATTEMPTS = 4;

  @Transform(toInt) @IsInt() @Min(10) @Max(60_000)
  LLM_RETRY_INITIAL_MS = 1000;

  @Transform(toInt) @IsInt() @Min(1000) @Max(600_000)
  LLM_HEARTBEAT_TIMEOUT_MS = 30_000;

  @Transform(emptyToUndefined) @IsOptional() @Matches(/^(offline|https?:\/\/.+)$/, { message: 'EMBEDDING_BASE_URL must be an http(s) URL or "offline"' })
  EMBEDDING_BASE_URL?: string;

  @IsString()
  EMBEDDING_MODEL = 'text-embedding-3-small';

  @Transform(toInt) @IsInt() @Min(0) @Max(200)
  CHAT_HISTORY_MESSAGES = 10;

  @Transform(toInt) @IsInt() @Min(2) @Max(1000)
  CHAT_SUMMARY_AFTER = 10;

  @Transform(toInt) @IsInt() @Min(1024) @Max(512 * 1024 * 1024)
  MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

  @Transform(toInt) @IsInt() @Min(1) @Max(64)
  INGEST_CONCURRENCY = 2;

  @Transform(toInt) @IsInt() @Min(0) @Max(64)
  INGEST_THREADS = 0;

  @Transform(emptyToUndefined) @IsOptional() @IsString()
  TEMPORAL_ADDRESS?: string;

  @IsString()
  TEMPORAL_NAMESPACE = 'default';

  @IsString()
  TEMPORAL_TASK_QUEUE = 'assistants';

  @Transform(emptyToUndefined) @Transform(toInt) @IsOptional() @IsInt() @Min(0) @Max(100_000)
  TEMPORAL_MAX_CACHED_WORKFLOWS?: number;

  @Transform(toBoolean) @IsBoolean()
  TEMPORAL_SEARCH_ATTRIBUTES = false;

  @Transform(emptyToUndefined) @IsOptional() @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  QDRANT_URL?: string;

  @Transform(emptyToUndefined) @IsOptional() @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  ELASTICSEARCH_URL?: string;

  @Transform(emptyToUndefined) @IsOptional() @IsString()
  WEB_DIST_DIR?: string;
}

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  dataDir: string;
  /** Unset means the embedded PGlite database under dataDir. */
  databaseUrl?: string;
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
  };
  /** Where embeddings come from: the LLM endpoint by default, or the offline hashing embedder. */
  embeddings: { baseUrl?: string; apiKey?: string; model: string };
  chat: { historyMessages: number; summaryAfterMessages: number };
  maxUploadBytes: number;
  /** Embedded runner: ingests run at once (others queue); worker threads for parsing, chunking and offline embedding. */
  ingest: { concurrency: number; threads: number };
  temporal: { address?: string; namespace: string; taskQueue: string; maxCachedWorkflows?: number; searchAttributes: boolean };
  qdrantUrl?: string;
  elasticsearchUrl?: string;
  webDistDir: string;
}

/** One core stays for the thread that serves requests; more than two threads rarely pays for their memory. */
function defaultIngestThreads(): number {
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
    throw new ConfigError(
      errors.flatMap((e) => Object.values(e.constraints ?? {}).map((msg) => `${msg} (got ${JSON.stringify(e.value)})`)),
    );
  }
  if (vars.ADMIN_EMAIL && !vars.ADMIN_PASSWORD) throw new ConfigError(['ADMIN_PASSWORD is required when ADMIN_EMAIL is set']);
  const dataDir = resolve(vars.DATA_DIR);
  return {
    env: vars.NODE_ENV as AppConfig['env'],
    port: vars.PORT,
    host: vars.HOST,
    dataDir,
    databaseUrl: vars.DATABASE_URL,
    jwt: { secret: vars.JWT_SECRET, ttlSeconds: vars.JWT_TTL_SECONDS },
    admin: { email: vars.ADMIN_EMAIL?.toLowerCase(), password: vars.ADMIN_PASSWORD, name: vars.ADMIN_NAME },
    allowRegistration: vars.ALLOW_REGISTRATION,
    bodyLimit: vars.BODY_LIMIT,
    logLevel: vars.LOG_LEVEL,
    corsOrigins: (vars.CORS_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    llm: {
      baseUrl: vars.LLM_BASE_URL,
      apiKey: vars.LLM_API_KEY,
      defaultModel: vars.LLM_DEFAULT_MODEL,
      timeoutMs: vars.LLM_TIMEOUT_MS,
      maxAttempts: vars.LLM_MAX_ATTEMPTS,
      retryInitialMs: vars.LLM_RETRY_INITIAL_MS,
      heartbeatTimeoutMs: vars.LLM_HEARTBEAT_TIMEOUT_MS,
    },
    embeddings: {
      baseUrl: vars.EMBEDDING_BASE_URL === 'offline' ? undefined : (vars.EMBEDDING_BASE_URL ?? vars.LLM_BASE_URL),
      apiKey: vars.LLM_API_KEY,
      model: vars.EMBEDDING_MODEL,
    },
    chat: { historyMessages: vars.CHAT_HISTORY_MESSAGES, summaryAfterMessages: vars.CHAT_SUMMARY_AFTER },
    maxUploadBytes: vars.MAX_UPLOAD_BYTES,
    ingest: { concurrency: vars.INGEST_CONCURRENCY, threads: vars.INGEST_THREADS || defaultIngestThreads() },
    temporal: { address: vars.TEMPORAL_ADDRESS, namespace: vars.TEMPORAL_NAMESPACE, taskQueue: vars.TEMPORAL_TASK_QUEUE, maxCachedWorkflows: vars.TEMPORAL_MAX_CACHED_WORKFLOWS, searchAttributes: vars.TEMPORAL_SEARCH_ATTRIBUTES },
    qdrantUrl: vars.QDRANT_URL,
    elasticsearchUrl: vars.ELASTICSEARCH_URL,
    webDistDir: resolve(vars.WEB_DIST_DIR ?? 'dist/web/browser'),
  };
}
