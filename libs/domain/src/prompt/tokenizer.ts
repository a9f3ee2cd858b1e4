import { Tiktoken, type TiktokenBPE } from 'js-tiktoken/lite';
import type { ChatMessage } from '../ports/llm';

// Token counts drive prompt budgets and stand in for usage when a server reports none. For models
// that are not OpenAI's (llama, mistral...) they are an estimate: those use their own vocabularies.

type EncodingName = 'o200k_base' | 'cl100k_base';

// The rank tables are megabytes of JavaScript: never loaded at import time, but by warmTokenizer()
// at start-up (building one takes seconds, which the first chat turn must not pay), else on first use.
// Plain require() because `moduleResolution: node` cannot see the package's subpath exports.
const loaders: Record<EncodingName, () => TiktokenBPE> = {
  o200k_base: () => require('js-tiktoken/ranks/o200k_base') as TiktokenBPE,
  cl100k_base: () => require('js-tiktoken/ranks/cl100k_base') as TiktokenBPE,
};
const encoders = new Map<EncodingName, Tiktoken>();

/** The model name without a vendor prefix ("openai/gpt-4o" -> "gpt-4o"), lower-cased. */
function baseName(model: string): string {
  return model.toLowerCase().split('/').pop() ?? '';
}

function encodingFor(model?: string): EncodingName {
  const name = baseName(model ?? '');
  // OpenAI's current families use o200k; older ones and every unknown model use cl100k.
  return /^(gpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|chatgpt-4o|o[1-9])/.test(name) ? 'o200k_base' : 'cl100k_base';
}

function encoder(model?: string): Tiktoken {
  const name = encodingFor(model);
  let enc = encoders.get(name);
  if (!enc) {
    enc = new Tiktoken(loaders[name]());
    encoders.set(name, enc);
  }
  return enc;
}

/** Builds every encoder now, so that no request or ingest pays for it later. */
export function warmTokenizer(): void {
  for (const name of Object.keys(loaders) as EncodingName[]) if (!encoders.has(name)) encoders.set(name, new Tiktoken(loaders[name]()));
}

/** Which encodings are built (tests, diagnostics). */
export function loadedEncodings(): string[] {
  return [...encoders.keys()].sort();
}

// Special tokens in user text ("<|endoftext|>") are counted as ordinary text rather than throwing.
const encode = (text: string, model?: string) => encoder(model).encode(text, [], []);

// BPE never merges across the pieces the encoding's pattern splits text into (words with their
// leading space, numbers, punctuation runs), so a count is the sum of per-piece counts, and
// prose repeats its pieces endlessly: caching them makes counting about 7x faster, which the
// chunker (a dozen counts per chunk) needs. Exact, not an estimate; bounded in memory.
const PIECE_CACHE_LIMIT = 200_000;
const pieceCounts = new Map<Tiktoken, { pattern: RegExp; counts: Map<string, number> }>();

export function countTokens(text: string, model?: string): number {
  if (!text) return 0;
  const enc = encoder(model);
  let cache = pieceCounts.get(enc);
  if (!cache) {
    const patStr = (enc as unknown as { patStr?: string }).patStr;
    if (!patStr) return encode(text, model).length;
    cache = { pattern: new RegExp(patStr, 'gu'), counts: new Map() };
    pieceCounts.set(enc, cache);
  }
  let total = 0;
  for (const match of text.matchAll(cache.pattern)) {
    const piece = match[0];
    let n = cache.counts.get(piece);
    if (n === undefined) {
      n = enc.encode(piece, [], []).length;
      if (cache.counts.size >= PIECE_CACHE_LIMIT) cache.counts.clear();
      cache.counts.set(piece, n);
    }
    total += n;
  }
  return total;
}

/** The longest prefix of `text` that fits in `maxTokens` tokens. */
export function truncateToTokens(text: string, maxTokens: number, model?: string): string {
  if (maxTokens <= 0 || !text) return '';
  const tokens = encode(text, model);
  if (tokens.length <= maxTokens) return text;
  // A cut inside a multi-byte character decodes to U+FFFD: drop that partial character.
  return encoder(model).decode(tokens.slice(0, maxTokens)).replace(/\uFFFD+$/, '');
}

// Every message costs its tokens plus ~3 for the role framing, and the reply is primed with
// 3 more (OpenAI's published way of counting chat prompts).
const TOKENS_PER_MESSAGE = 3;
const REPLY_PRIMING_TOKENS = 3;

export function countChatTokens(messages: ChatMessage[], model?: string): number {
  let total = REPLY_PRIMING_TOKENS;
  for (const m of messages) total += TOKENS_PER_MESSAGE + countTokens(m.role, model) + countTokens(m.content, model);
  return total;
}

// First match wins, so longer prefixes come before shorter ones.
const WINDOWS: [RegExp, number][] = [
  [/^gpt-4\.1/, 1_047_576],
  [/^(gpt-4o|chatgpt-4o|gpt-4\.5|gpt-4-turbo|gpt-4-\d{4}-preview)/, 128_000],
  [/^gpt-5/, 400_000],
  [/^o[1-9]/, 200_000],
  [/^gpt-4-32k/, 32_768],
  [/^gpt-4/, 8_192],
  [/^gpt-3\.5-turbo/, 16_385],
  [/^llama-?3\.[1-3]/, 131_072],
  [/^llama-?3/, 8_192],
];
/** Unknown models get a small window: an overlong prompt fails, a short one only wastes room. */
export const DEFAULT_CONTEXT_WINDOW = 8_192;

/** How many tokens (prompt + reply) the model accepts. */
export function contextWindow(model: string): number {
  const name = baseName(model);
  return WINDOWS.find(([re]) => re.test(name))?.[1] ?? DEFAULT_CONTEXT_WINDOW;
}

/** Tokens left for the prompt once `maxTokens` are kept for the reply (never negative). */
export function promptTokenBudget(model: string, maxTokens: number): number {
  return Math.max(0, contextWindow(model) - maxTokens);
}
