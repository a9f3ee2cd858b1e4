import type { WorkflowType } from '@assistants/workflows';

export interface StartOptions {
  /** Shown in the Temporal UI next to the run: assistant name, user, conversation title. */
  memo?: Record<string, unknown>;
  /** Indexed keys to filter runs by, where the Temporal service has them enabled. */
  searchAttributes?: { assistantId: string; userId: string; taskKind: string };
  /**
   * Whose work it is (the user's id): the embedded runner shares its ingest slots fairly between
   * owners; Temporal gets it as the run's fairness key, for task queues with fairness enabled.
   */
  owner?: string;
  /**
   * Run again under the same id (the retry endpoint): a run that is still winding
   * down under that id is waited for first instead of being taken as this one.
   */
  rerun?: boolean;
}

/** Starts and cancels durable workflows: on Temporal in production, in process in the embedded mode. */
export interface WorkflowRunner {
  readonly kind: 'temporal' | 'embedded';
  /** Starting an id that is already running is a no-op, so a retried request never runs a turn twice. */
  start(type: WorkflowType, workflowId: string, input: unknown, options?: StartOptions): Promise<void>;
  /** Asks a running workflow to stop; false when nothing with that id is running. */
  cancel(workflowId: string): Promise<boolean>;
  /**
   * Wakes a chat turn waiting for a decision on its tool call (the decision is in the database
   * already). A turn that is not running learns it when it runs again, so nothing is lost.
   */
  notifyToolDecision(workflowId: string, callId: string): Promise<void>;
  close(): Promise<void>;
}
