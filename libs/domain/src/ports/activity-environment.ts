/**
 * What an activity may ask of whoever runs it: Temporal's activity Context or the
 * embedded runner. Lets long activities notice cancellation and report liveness.
 */
export interface ActivityEnvironment {
  /** Aborts when the run is cancelled or the attempt timed out. */
  signal(): AbortSignal;
  /** Tells the runner this attempt is alive; Temporal moves a silent attempt to another worker. */
  heartbeat(details?: unknown): void;
}
