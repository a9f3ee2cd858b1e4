/**
 * The little that the workflow code needs from whoever runs it: Temporal's workflow
 * sandbox or the embedded runner. Everything else is activities.
 */
export interface OrchestrationRuntime {
  /** True when the error means "this run was cancelled". */
  isCancellation(error: unknown): boolean;
  /** Runs clean-up that must finish even though the run is being cancelled. */
  nonCancellable<T>(fn: () => Promise<T>): Promise<T>;
  /** Wall-clock time in ms; deterministic under Temporal. */
  now(): number;
  /**
   * Whether this run takes the path added by the change `changeId` (Temporal's `patched`): runs
   * started before the change replay their recorded path; every new run takes the new one.
   */
  patched(changeId: string): boolean;
  /**
   * Waits until the TOOL_DECISION_SIGNAL for `callId` arrives or `deadlineMs` (ms since epoch)
   * passes, whichever is first; durable under Temporal (a timer and a signal), cancellable. True
   * when the signal came. The decision itself is read from the database afterwards.
   */
  waitForDecision(callId: string, deadlineMs: number): Promise<boolean>;
  /** Notes the tools a turn used where ops see the run (Temporal's memo); may do nothing. */
  noteToolsUsed?(tools: string[]): void;
}

/** A readable one-line reason for a failure, from an activity error or its cause. */
export function describeFailure(error: unknown): string {
  let current: unknown = error;
  // Temporal wraps activity errors (ActivityFailure → ApplicationFailure); the innermost message is the useful one.
  while (current && typeof current === 'object' && 'cause' in current && (current as { cause?: unknown }).cause) {
    current = (current as { cause: unknown }).cause;
  }
  const message = current instanceof Error ? current.message : String(current);
  return message || 'Unknown error';
}

/** A failure's stable code and params (see ingest's DocumentProblem), for the reader's language. */
export interface FailureProblem {
  code: string;
  params?: Record<string, string | number>;
}

/**
 * The code of a failure, from its innermost cause: a document error carries it as `problem` (the
 * embedded runner hands the error over as thrown), a Temporal ApplicationFailure as its first
 * detail (the worker wraps coded activity errors so). Undefined for an error without one.
 */
export function describeFailureProblem(error: unknown): FailureProblem | undefined {
  let current: unknown = error;
  while (current && typeof current === 'object' && 'cause' in current && (current as { cause?: unknown }).cause) {
    current = (current as { cause: unknown }).cause;
  }
  if (!current || typeof current !== 'object') return undefined;
  const { problem, details } = current as { problem?: unknown; details?: unknown };
  const candidate = problem ?? (Array.isArray(details) ? details[0] : undefined);
  return isFailureProblem(candidate) ? candidate : undefined;
}

function isFailureProblem(value: unknown): value is FailureProblem {
  if (!value || typeof value !== 'object') return false;
  const { code, params } = value as { code?: unknown; params?: unknown };
  return typeof code === 'string' && (params === undefined || (typeof params === 'object' && params !== null));
}
