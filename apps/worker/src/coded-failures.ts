import type { Activities } from '@assistants/runtime';
import { ApplicationFailure } from '@temporalio/activity';

/**
 * Temporal turns an activity's error into a failure of its message and class name only; a document
 * error's code (its `problem`, see ingest's DocumentProblem), or a chat failure's (LlmProblem), would
 * be lost on the way to the workflow.
 * This rethrows such an error as the failure Temporal would have made, with the code as its detail
 * (what the workflow's describeFailureProblem reads); the type stays the class name, so retry
 * policies (non-retryable types) still apply.
 */
export function withCodedFailures(activities: Activities): Activities {
  const wrapped: Record<string, unknown> = {};
  for (const [name, activity] of Object.entries(activities)) {
    wrapped[name] =
      typeof activity === 'function'
        ? async (...args: unknown[]) => {
            try {
              return await (activity as (...a: unknown[]) => unknown).apply(activities, args);
            } catch (error) {
              throw codedFailure(error);
            }
          }
        : activity;
  }
  return wrapped as unknown as Activities;
}

export function codedFailure(error: unknown): unknown {
  if (!(error instanceof Error) || error instanceof ApplicationFailure) return error;
  const { problem } = error as Error & { problem?: unknown };
  if (!problem || typeof problem !== 'object') return error;
  // An error rebuilt from a CPU thread's outcome is a plain Error named after its class: its name is its type.
  const type = error.constructor === Error ? error.name : (error.constructor?.name ?? error.name);
  const failure = ApplicationFailure.create({ message: error.message, type, details: [problem], nonRetryable: false });
  failure.stack = error.stack;
  return failure;
}
