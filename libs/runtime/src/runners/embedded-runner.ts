import { AsyncLocalStorage } from 'node:async_hooks';
import type { Activities } from '../activities';
import { ConcurrencyLimiter } from '../cpu/limiter';
import {
  runChatTurn,
  type ChatTurnInput,
  type CleanupInput,
  type IngestInput,
  type ReindexAssistantInput,
  WORKFLOW_TYPES,
  type WorkflowType,
  runCleanup,
  runIngest,
  runReindexAssistant,
  type ActivityPolicy,
  bindActivities,
  chatTurnPolicies,
  ingestPolicies,
  type OrchestrationRuntime,
} from '@assistants/workflows';
import type { ActivityEnvironment } from '@assistants/domain';
import type { StartOptions, WorkflowRunner } from './workflow-runner';

export class CancelledError extends Error {
  override name = 'CancelledError';
}

export class ActivityTimeoutError extends Error {
  override name = 'ActivityTimeoutError';
  /** The step that ran out of time, as Temporal's ActivityFailure names it (activityType): the turn tells a late model by it. */
  constructor(
    message: string,
    readonly activityType: string,
  ) {
    super(message);
  }
}

interface Run {
  controller: AbortController;
  done: Promise<void>;
  /** Tool calls decided while this run is in memory, and the waits for them. */
  decided: Set<string>;
  waiting: Map<string, () => void>;
}

/** A run's waits for a person's decision: while one is open the run is parked, and shutdown does not wait for it. */
type Waits = Pick<Run, 'decided' | 'waiting'>;

const NEVER = new AbortController().signal;

/** A promise and the function that settles it. */
function parkedSignal(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((settle) => (resolve = settle));
  return { promise, resolve };
}

/** A turn's steps that mostly wait on another system (the LLM, a tool server) and do not hold the database's foreground. */
const WAITS_ON_OTHERS = new Set(['generateAnswer', 'callTool', 'callToolOnce']);

function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return abortable(new Promise((resolve) => setTimeout(resolve, ms)), signal);
}

/**
 * Runs the same workflow functions (libs/workflows) as the Temporal worker, in this process,
 * with the same activity timeouts and retry policies. State lives in the database,
 * so unfinished runs can be resumed after a restart.
 */
export class EmbeddedWorkflowRunner implements WorkflowRunner {
  readonly kind = 'embedded' as const;
  private readonly runs = new Map<string, Run>();
  private readonly attempt = new AsyncLocalStorage<AbortSignal>();
  private readonly activities: Activities;
  /** Ingests and clean-ups queue here, shared fairly between their owners; chat turns never do, so uploads cannot starve them. */
  private readonly documents: ConcurrencyLimiter;
  /** Where ingests and clean-ups run: the database's background lane (see DatabaseLanes), so chat's queries go first. */
  private readonly background: <T>(fn: () => Promise<T>) => Promise<T>;
  private readonly foreground: <T>(fn: () => Promise<T>) => Promise<T>;
  private readonly onClose?: () => Promise<void>;

  constructor(
    createActivities: (env: ActivityEnvironment) => Activities,
    private readonly onError: (workflowId: string, error: unknown) => void = () => undefined,
    options: {
      ingestConcurrency?: number;
      background?: <T>(fn: () => Promise<T>) => Promise<T>;
      /** Where a chat turn's database steps run: they hold the database's foreground, so no ingest statement slips in between their queries. */
      foreground?: <T>(fn: () => Promise<T>) => Promise<T>;
      /** After the last run: what the activities keep open (tool servers' connections). */
      onClose?: () => Promise<void>;
    } = {},
  ) {
    this.onClose = options.onClose;
    this.documents = new ConcurrencyLimiter(options.ingestConcurrency ?? 2);
    this.background = options.background ?? ((fn) => fn());
    this.foreground = options.foreground ?? ((fn) => fn());
    this.activities = createActivities({ signal: () => this.attempt.getStore() ?? NEVER, heartbeat: () => undefined });
  }

  async start(type: WorkflowType, workflowId: string, input: unknown, options: StartOptions = {}): Promise<void> {
    const previous = this.runs.get(workflowId);
    if (previous && !options.rerun) return;
    if (previous) await previous.done;
    const controller = new AbortController();
    const state = { decided: new Set<string>(), waiting: new Map<string, () => void>() };
    const run = () => this.execute(type, input, controller, state);
    const done = (type === WORKFLOW_TYPES.chatTurn ? run() : this.documents.run(() => this.background(run), controller.signal, options.owner))
      .catch((error) => {
        if (!controller.signal.aborted) this.onError(workflowId, error);
      })
      .then(() => undefined)
      .finally(() => this.runs.delete(workflowId));
    this.runs.set(workflowId, { controller, done, ...state });
  }

  async notifyToolDecision(workflowId: string, callId: string): Promise<void> {
    const run = this.runs.get(workflowId);
    if (!run) return;
    run.decided.add(callId);
    run.waiting.get(callId)?.();
  }

  async cancel(workflowId: string): Promise<boolean> {
    const run = this.runs.get(workflowId);
    if (!run) return false;
    run.controller.abort(new CancelledError('The run was cancelled.'));
    return true;
  }

  isRunning(workflowId: string): boolean {
    return this.runs.has(workflowId);
  }

  /**
   * Waits for every run in flight (tests, benchmarks and shutdown), but not for turns parked on a
   * person's decision: those may wait for hours, and run again from the database after a restart.
   */
  async drain(): Promise<void> {
    for (;;) {
      const busy = [...this.runs.values()].filter((run) => run.waiting.size === 0);
      if (!busy.length) return;
      await Promise.race([Promise.allSettled(busy.map((run) => run.done)), this.parked.promise]);
    }
  }

  /** Settles the next time a run parks on a decision (then a new one waits for the next). */
  private parked = parkedSignal();

  async close(): Promise<void> {
    await this.drain();
    await this.onClose?.();
  }

  private execute(type: WorkflowType, input: unknown, controller: AbortController, state: Waits): Promise<unknown> {
    let cancellable = true;
    const runtime: OrchestrationRuntime = {
      isCancellation: (error) => controller.signal.aborted && (error === controller.signal.reason || error instanceof CancelledError),
      nonCancellable: async (fn) => {
        cancellable = false;
        try {
          return await fn();
        } finally {
          cancellable = true;
        }
      },
      now: () => Date.now(),
      // Nothing is replayed here: every run takes today's path.
      patched: () => true,
      // The wait itself is not stored: after a restart the turn runs again and reads the call's state, deadline included.
      waitForDecision: (callId, deadlineMs) => {
        if (state.decided.has(callId)) return Promise.resolve(true);
        const wait = new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => finish(false), Math.max(0, deadlineMs - Date.now()));
          const finish = (decided: boolean) => {
            clearTimeout(timer);
            state.waiting.delete(callId);
            resolve(decided);
          };
          // A wait of hours must not keep the process alive: shutdown leaves parked turns for the next start.
          timer.unref();
          state.waiting.set(callId, () => finish(true));
          this.parked.resolve();
          this.parked = parkedSignal();
        });
        return abortable(wait, controller.signal);
      },
    };
    const bind = (name: string, policy: ActivityPolicy) => (arg: unknown) =>
      this.invoke(name as keyof Activities, arg, policy, controller.signal, () => cancellable);
    switch (type) {
      case WORKFLOW_TYPES.chatTurn: {
        const turn = input as ChatTurnInput;
        // Every step but the LLM call (which mostly waits on the network) holds the foreground.
        const bindTurn = (name: string, policy: ActivityPolicy) => {
          const call = bind(name, policy);
          return WAITS_ON_OTHERS.has(name) ? call : (arg: unknown) => this.foreground(() => call(arg));
        };
        return runChatTurn(turn, bindActivities(chatTurnPolicies(turn.llm, turn.tools), bindTurn), runtime);
      }
      case WORKFLOW_TYPES.ingestDocument: {
        const ingest = input as IngestInput;
        return runIngest(ingest, bindActivities(ingestPolicies(ingest.llm), bind), runtime);
      }
      case WORKFLOW_TYPES.cleanupDocument:
        return runCleanup(input as CleanupInput, bindActivities(ingestPolicies(), bind));
      case WORKFLOW_TYPES.reindexAssistant: {
        // Its documents are indexed one after another inside this run, which holds one ingest slot.
        const reindex = input as ReindexAssistantInput;
        return runReindexAssistant(reindex, bindActivities(ingestPolicies(reindex.llm), bind), runtime);
      }
    }
  }

  /** One activity call with Temporal's semantics: per-attempt timeout, backoff, non-retryable errors, cancellation. */
  private async invoke(name: keyof Activities, arg: unknown, policy: ActivityPolicy, run: AbortSignal, cancellable: () => boolean): Promise<unknown> {
    const { retry } = policy;
    for (let attempt = 1; ; attempt++) {
      if (cancellable() && run.aborted) throw run.reason;
      const attemptController = new AbortController();
      const onCancel = () => cancellable() && attemptController.abort(run.reason);
      run.addEventListener('abort', onCancel, { once: true });
      const timer = setTimeout(
        () => attemptController.abort(new ActivityTimeoutError(`${name} did not finish within ${policy.startToCloseTimeoutMs} ms.`, name)),
        policy.startToCloseTimeoutMs,
      );
      try {
        const fn = this.activities[name] as (arg: unknown) => Promise<unknown>;
        return await this.attempt.run(attemptController.signal, () => abortable(fn(arg), attemptController.signal));
      } catch (caught) {
        if (cancellable() && run.aborted) throw run.reason;
        const error = attemptController.signal.aborted ? attemptController.signal.reason : caught;
        const type = (error as Error)?.name;
        if (retry.nonRetryableErrorTypes.includes(type) || attempt >= retry.maximumAttempts) throw error;
        const delay = Math.min(retry.initialIntervalMs * retry.backoffCoefficient ** (attempt - 1), retry.maximumIntervalMs);
        await sleep(delay, cancellable() ? run : NEVER);
      } finally {
        clearTimeout(timer);
        run.removeEventListener('abort', onCancel);
      }
    }
  }
}
