import type { UsageCounter } from '@assistants/domain';
import type { CpuRunner } from './cpu-pool';

/** Replies whose model reports no usage are counted in the pool's chat thread: the request thread holds no tokenizer. */
export function pooledUsageCounter(cpu: CpuRunner): UsageCounter {
  // A prompt the builder counted is not sent again: only the reply needs counting then.
  return (request, completion) =>
    cpu.run('countUsage', {
      request: { model: request.model, promptTokens: request.promptTokens, messages: request.promptTokens === undefined ? request.messages : [] },
      completion,
    });
}
