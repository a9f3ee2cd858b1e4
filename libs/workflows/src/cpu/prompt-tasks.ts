// The CPU work of a chat turn, run in the pool's chat thread (see cpu-pool.ts) or inline: counting
// the tokens of a prompt is linear but not free (a long message, ten long earlier ones, passages),
// and the thread that serves requests and streams answers must not do it. Only the prompt
// builder and the tokenizer load here, not the document parsers of ingest's threads.
import { buildPrompt as buildPromptNow } from '@assistants/domain/prompt/prompt-builder';
import { outcome } from './pool-thread';

export const buildPrompt = outcome(buildPromptNow);

export { warm } from './pool-thread';
