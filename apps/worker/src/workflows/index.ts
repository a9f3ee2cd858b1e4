// Temporal workflow definitions: thin wrappers that hand the shared workflow code (libs/workflows)
// Temporal's activity proxies. Bundled into the deterministic sandbox: no I/O here.
import {
  type ActivityPolicy,
  bindActivities,
  type ChatTurnActivities,
  type ChatTurnInput,
  chatTurnPolicies,
  type CleanupInput,
  type IngestActivities,
  type IngestInput,
  ingestPolicies,
  type OrchestrationRuntime,
  type PolicyMap,
  type ReindexAssistantInput,
  runChatTurn,
  runCleanup,
  runIngest,
  runReindexAssistant,
  type TaskQueues,
  type TurnOutcome,
} from '@assistants/workflows';
import { type ActivityOptions, CancellationScope, isCancellation, patched, proxyActivities } from '@temporalio/workflow';

const runtime: OrchestrationRuntime = {
  isCancellation,
  nonCancellable: (fn) => CancellationScope.nonCancellable(fn),
  now: () => Date.now(),
  patched,
};

/** `queue: 'ingest'` activities go to the ingest task queue the API named in the input (older runs: this workflow's queue). */
function toActivityOptions(policy: ActivityPolicy, queues: TaskQueues): ActivityOptions {
  return {
    ...(policy.queue === 'ingest' && queues.ingestTaskQueue && { taskQueue: queues.ingestTaskQueue }),
    startToCloseTimeout: policy.startToCloseTimeoutMs,
    heartbeatTimeout: policy.heartbeatTimeoutMs,
    retry: {
      initialInterval: policy.retry.initialIntervalMs,
      backoffCoefficient: policy.retry.backoffCoefficient,
      maximumInterval: policy.retry.maximumIntervalMs,
      maximumAttempts: policy.retry.maximumAttempts,
      nonRetryableErrorTypes: policy.retry.nonRetryableErrorTypes,
    },
  };
}

function proxies<T>(policies: PolicyMap<T>, queues: TaskQueues = {}): T {
  return bindActivities(policies, (name, policy) => (proxyActivities(toActivityOptions(policy, queues)) as Record<string, unknown>)[name]);
}

export async function chatTurnWorkflow(input: ChatTurnInput): Promise<TurnOutcome> {
  return runChatTurn(input, proxies<ChatTurnActivities>(chatTurnPolicies(input.llm)), runtime);
}

export async function ingestDocumentWorkflow(input: IngestInput): Promise<void> {
  return runIngest(input, proxies<IngestActivities>(ingestPolicies(input.llm), input), runtime);
}

export async function cleanupDocumentWorkflow(input: CleanupInput): Promise<void> {
  return runCleanup(input, proxies<IngestActivities>(ingestPolicies(), input));
}

export async function reindexAssistantWorkflow(input: ReindexAssistantInput): Promise<void> {
  return runReindexAssistant(input, proxies<IngestActivities>(ingestPolicies(input.llm), input), runtime);
}
