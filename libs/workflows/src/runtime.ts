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
