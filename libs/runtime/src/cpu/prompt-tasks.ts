// The CPU work of a chat turn, run in the pool's chat thread (see cpu-pool.ts) or inline: counting
// the tokens of a prompt is linear but not free (a long message, ten long earlier ones, passages),
// and the thread that serves requests and streams answers must not do it, nor hold the
// tokenizer's tables. Only the prompt builder and the tokenizer load here, not ingest's parsers.
import { buildPrompt as buildPromptNow } from '@assistants/domain/prompt/prompt-builder';
import { countUsage as countUsageNow, truncateToTokens } from '@assistants/domain/prompt/tokenizer';
import type { ChatRequest } from '@assistants/domain';
import { outcome } from './pool-thread';

export const buildPrompt = outcome(buildPromptNow);
/** A reply's usage, when its model reported none. */
export const countUsage = outcome((input: { request: Pick<ChatRequest, 'model' | 'messages' | 'promptTokens'>; completion: string }) =>
  countUsageNow(input.request, input.completion),
);

/**
 * A tool's result cut to the model's budget, saying so when it was cut. Characters beyond 16 per
 * token are dropped before encoding: no token is that long, and a tool may answer with megabytes.
 */
export const cutToTokens = outcome((input: { text: string; maxTokens: number }) => {
  const { text, maxTokens } = input;
  const kept = truncateToTokens(text.slice(0, maxTokens * 16), maxTokens);
  return kept.length === text.length ? text : `${kept}\n[… cut to ${maxTokens} tokens of ${text.length} characters]`;
});

export { warm } from './pool-thread';
