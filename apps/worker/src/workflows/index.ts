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
  TOOL_DECISION_SIGNAL,
  type TurnOutcome,
} from '@assistants/workflows';
import {
  ActivityCancellationType,
  type ActivityOptions,
  CancellationScope,
  condition,
  defineSignal,
  isCancellation,
  patched,
  proxyActivities,
  setHandler,
  upsertMemo,
} from '@temporalio/workflow';

export const toolDecisionSignal = defineSignal<[string]>(TOOL_DECISION_SIGNAL);

const runtime: OrchestrationRuntime = {
  isCancellation,
  nonCancellable: (fn) => CancellationScope.nonCancellable(fn),
  now: () => Date.now(),
  patched,
  waitForDecision: () => Promise.reject(new Error('Only a chat turn waits for decisions.')),
};

/** A chat turn's runtime: decisions on its tool calls arrive as signals. */
function chatTurnRuntime(): OrchestrationRuntime {
  const decided = new Set<string>();
  setHandler(toolDecisionSignal, (callId) => void decided.add(callId));
  return {
    ...runtime,
    waitForDecision: (callId, deadlineMs) => condition(() => decided.has(callId), Math.max(1, deadlineMs - Date.now())),
    noteToolsUsed: (tools) => upsertMemo({ tools }),
  };
}

/**
 * The change by which a chat turn abandons its steps without heartbeats when it is cancelled (runs
 * started before it replay the cancel requests their histories hold).
 */
export const QUIET_STEPS_ABANDONED = 'chat-quiet-steps-abandoned-on-cancel';

/**
 * `queue: 'ingest'` activities go to the ingest task queue the API named in the input (older runs: this workflow's queue).
 * `abandonQuiet`: a step without heartbeats never hears of a cancel (Temporal delivers it in a heartbeat's
 * reply), so the cancelled run stops waiting for it at once and sends it no cancel request. Such a request
 * for a step that completed meanwhile (a search ending as the person pressed Stop) is refused by the
 * Temporal test server (ACTIVITY_UNKNOWN): the run's workflow task never completed, its finishTurn never
 * ran, and the task stayed in its stage for good.
 */
function toActivityOptions(policy: ActivityPolicy, queues: TaskQueues, abandonQuiet = false): ActivityOptions {
  return {
    ...(policy.queue === 'ingest' && queues.ingestTaskQueue && { taskQueue: queues.ingestTaskQueue }),
    ...(abandonQuiet && policy.heartbeatTimeoutMs === undefined && { cancellationType: ActivityCancellationType.ABANDON }),
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

/** A tool call's step is named after its tool in the Temporal UI: `tool:<server>/<name>`. */
const TOOL_STEPS = new Set(['callTool', 'callToolOnce']);

function proxies<T>(policies: PolicyMap<T>, queues: TaskQueues = {}, abandonQuiet = false): T {
  return bindActivities(policies, (name, policy) => {
    const options = toActivityOptions(policy, queues, abandonQuiet);
    if (!TOOL_STEPS.has(name)) return (proxyActivities(options) as Record<string, unknown>)[name];
    return (input: { call: { server: string; name: string } }) => {
      const steps = proxyActivities<Record<string, (arg: unknown) => Promise<unknown>>>({
        ...options,
        summary: `tool:${input.call.server}/${input.call.name}`,
      });
      return steps[name](input);
    };
  });
}

export async function chatTurnWorkflow(input: ChatTurnInput): Promise<TurnOutcome> {
  const abandonQuiet = patched(QUIET_STEPS_ABANDONED);
  return runChatTurn(input, proxies<ChatTurnActivities>(chatTurnPolicies(input.llm, input.tools), {}, abandonQuiet), chatTurnRuntime());
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
