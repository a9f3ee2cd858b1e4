import type { LlmCallSettings, RetrySettings } from './definitions';

/** Timeouts and retries of one activity; the embedded runner honours the same numbers. */
export interface ActivityPolicy {
  startToCloseTimeoutMs: number;
  /**
   * `ingest`: runs on the ingest task queue, whose worker has its own bounded slots, so a flood
   * of uploads never takes the slots a chat turn's activities need. Unset: the workflow's queue.
   */
  queue?: 'ingest';
  heartbeatTimeoutMs?: number;
  retry: RetrySettings & { nonRetryableErrorTypes: string[] };
}

/** Errors that describe the request, not the moment: retrying cannot help. */
export const NON_RETRYABLE_ERRORS = [
  'LlmRejectedError',
  'UnsupportedDocumentError',
  'EmptyDocumentError',
  'UnreadableDocumentError',
  'DocumentLimitError',
  'PromptTooLongError',
  'DocumentMissingError',
];

const quickRetry: ActivityPolicy['retry'] = {
  initialIntervalMs: 200,
  backoffCoefficient: 2,
  maximumIntervalMs: 5_000,
  maximumAttempts: 5,
  nonRetryableErrorTypes: NON_RETRYABLE_ERRORS,
};

/** Database-only steps: fast, retried a few times through passing connection trouble. */
export const DATABASE_STEP: ActivityPolicy = { startToCloseTimeoutMs: 30_000, retry: quickRetry };

/** Parsing and chunking a large upload is CPU work of minutes on a busy machine, not a database step. */
export const PARSE_STEP: ActivityPolicy = { startToCloseTimeoutMs: 15 * 60_000, retry: quickRetry };

export function llmStep(settings: LlmCallSettings): ActivityPolicy {
  return {
    startToCloseTimeoutMs: settings.timeoutMs,
    heartbeatTimeoutMs: settings.heartbeatTimeoutMs,
    retry: { ...settings.retry, nonRetryableErrorTypes: NON_RETRYABLE_ERRORS },
  };
}

/** Which policy each activity runs under; Temporal's proxies and the embedded runner both read this. */
export type PolicyMap<T> = { [K in keyof T]: ActivityPolicy };

/** Default TOOL_CALL_TIMEOUT_MS, for runs started without it. */
export const DEFAULT_TOOL_CALL_TIMEOUT_MS = 60_000;

/**
 * A tool call's step. The activity itself enforces the call's timeout and records a tool's failure;
 * the step's own timeout and heartbeat only notice a worker that died. `retrying`: a tool annotated
 * idempotent or read-only, tried again after a transport failure. `once`: a second attempt runs only
 * after the first one died, and records that the tool may or may not have run instead of calling it.
 */
export function toolCallStep(callTimeoutMs: number, kind: 'retrying' | 'once'): ActivityPolicy {
  return {
    startToCloseTimeoutMs: callTimeoutMs + 15_000,
    heartbeatTimeoutMs: 15_000,
    retry:
      kind === 'retrying'
        ? { initialIntervalMs: 1000, backoffCoefficient: 2, maximumIntervalMs: 10_000, maximumAttempts: 3, nonRetryableErrorTypes: NON_RETRYABLE_ERRORS }
        : { ...quickRetry, maximumAttempts: 2 },
  };
}

export function chatTurnPolicies(llm: LlmCallSettings, tools?: { callTimeoutMs: number }): PolicyMap<import('./chat-turn').ChatTurnActivities> {
  const callTimeoutMs = tools?.callTimeoutMs ?? DEFAULT_TOOL_CALL_TIMEOUT_MS;
  return {
    settleApproval: DATABASE_STEP,
    callTool: toolCallStep(callTimeoutMs, 'retrying'),
    callToolOnce: toolCallStep(callTimeoutMs, 'once'),
    failToolCall: DATABASE_STEP,
    retrieveContext: DATABASE_STEP,
    chooseTemplate: DATABASE_STEP,
    buildPrompt: DATABASE_STEP,
    generateAnswer: llmStep(llm),
    storeAnswer: DATABASE_STEP,
    updateStatistics: DATABASE_STEP,
    refreshSummary: llmStep(llm),
    finishTurn: DATABASE_STEP,
  };
}

export function ingestPolicies(llm?: LlmCallSettings): PolicyMap<import('./ingest').IngestActivities> {
  const policies: PolicyMap<import('./ingest').IngestActivities> = {
    parseAndChunk: PARSE_STEP,
    embedAndIndexBatch: llm ? llmStep(llm) : DATABASE_STEP,
    markReady: DATABASE_STEP,
    markFailed: DATABASE_STEP,
    removeFromIndexes: DATABASE_STEP,
    swapChunks: DATABASE_STEP,
    listDocumentsToReindex: DATABASE_STEP,
    startDocumentReindex: DATABASE_STEP,
    reportReindexProgress: DATABASE_STEP,
  };
  return onQueue(policies, 'ingest');
}

function onQueue<T>(policies: PolicyMap<T>, queue: ActivityPolicy['queue']): PolicyMap<T> {
  return Object.fromEntries(Object.entries(policies).map(([name, policy]) => [name, { ...(policy as ActivityPolicy), queue }])) as PolicyMap<T>;
}

/** Builds an activities object by asking `bind` for a callable per activity name. */
export function bindActivities<T>(policies: PolicyMap<T>, bind: (name: string, policy: ActivityPolicy) => unknown): T {
  const bound = {} as Record<string, unknown>;
  for (const [name, policy] of Object.entries(policies) as [string, ActivityPolicy][]) bound[name] = bind(name, policy);
  return bound as T;
}
