// A caller's abort (user closed the chat, workflow cancelled) must reach the caller as an abort:
// not as a failure that workflows would retry.

/** True for errors that mean "the caller cancelled": DOM AbortError or ours. */
export function isAbortError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'AbortError';
}

/** The error to reject with once `signal` fired: its reason when that is an AbortError already. */
export function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  // No instanceof Error: DOMException is not one in every realm (jest's VM, for one).
  if (isAbortError(reason)) return reason as Error;
  const err = new Error('The LLM request was aborted', { cause: reason });
  err.name = 'AbortError';
  return err;
}

export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw abortError(signal);
}
