// Temporal workflow definitions: thin wrappers that hand the shared orchestration
// Temporal's activity proxies. Bundled into the deterministic sandbox: no I/O here.
import { type ActivityPolicy, bindActivities, type ChatTurnActivities, type ChatTurnInput, chatTurnPolicies, type CleanupInput, type IngestActivities, type IngestInput, ingestPolicies, type OrchestrationRuntime, type PolicyMap, runChatTurn, runCleanup, runIngest, type TurnOutcome } from '@assistants/domain/orchestration';
import { type ActivityOptions, CancellationScope, isCancellation, proxyActivities } from '@temporalio/workflow';

const runtime: OrchestrationRuntime = {
  isCancellation,
  nonCancellable: (fn) => CancellationScope.nonCancellable(fn),
  now: () => Date.now(),
};

function toActivityOptions(policy: ActivityPolicy): ActivityOptions {
  return {
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

function proxies<T>(policies: PolicyMap<T>): T {
  return bindActivities(policies, (name, policy) => (proxyActivities(toActivityOptions(policy)) as Record<string, unknown>)[name]);
}

export async function chatTurnWorkflow(input: ChatTurnInput): Promise<TurnOutcome> {
  return runChatTurn(input, proxies<ChatTurnActivities>(chatTurnPolicies(input.llm)), runtime);
}

export async function ingestDocumentWorkflow(input: IngestInput): Promise<void> {
  return runIngest(input, proxies<IngestActivities>(ingestPolicies(input.llm)), runtime);
}

export async function cleanupDocumentWorkflow(input: CleanupInput): Promise<void> {
  return runCleanup(input, proxies<IngestActivities>(ingestPolicies()));
}
