import { describeFailureProblem, type FailureProblem } from './runtime';

/** A failure's type as either runner names it: Temporal's ApplicationFailure `type`, else the error's `name`. */
const CODE_OF_TYPE: Record<string, string> = {
  LlmUnavailableError: 'chat.provider_unreachable',
  LlmRejectedError: 'chat.provider_refused',
  PromptTooLongError: 'chat.prompt_too_long',
};

/**
 * Why a chat turn failed, as a 'chat.*' code the reader sees in their language (the English
 * reason is stored beside it). The failure's own code first (a model provider's or a prompt's,
 * handed over as thrown by the embedded runner, as a detail by Temporal); then a model call out
 * of time; then its type, for failures of workers started before codes; else an unknown failure.
 */
export function chatFailureProblem(error: unknown): FailureProblem {
  const coded = describeFailureProblem(error);
  if (coded?.code.startsWith('chat.')) return coded;
  const chain = causes(error);
  const innermost = chain[chain.length - 1] as { name?: unknown; type?: unknown } | undefined;
  const timedOut = innermost?.name === 'TimeoutFailure' || innermost?.name === 'ActivityTimeoutError';
  if (timedOut && chain.some((link) => (link as { activityType?: unknown }).activityType === 'generateAnswer')) return { code: 'chat.provider_timeout' };
  const type = typeof innermost?.type === 'string' ? innermost.type : innermost?.name;
  const code = typeof type === 'string' ? CODE_OF_TYPE[type] : undefined;
  return { code: code ?? 'chat.failed_unknown' };
}

/** The error and its causes, outermost first (Temporal: ActivityFailure → ApplicationFailure or TimeoutFailure). */
function causes(error: unknown): object[] {
  const chain: object[] = [];
  for (let current = error; current && typeof current === 'object' && chain.length < 10; current = (current as { cause?: unknown }).cause) {
    chain.push(current);
  }
  return chain;
}
