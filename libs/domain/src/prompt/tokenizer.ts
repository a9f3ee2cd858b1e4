import { Tiktoken, type TiktokenBPE } from 'js-tiktoken/lite';
import type { ChatMessage, ChatRequest, TokenUsage, UsageCounter } from '../ports/llm';
import { BytePairEncoder } from './byte-pair-encoder';

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

/** The model name without a vendor prefix ("openai/gpt-4o" -> "gpt-4o"), lower-cased. */
function baseName(model: string): string {
  return model.toLowerCase().split('/').pop() ?? '';
}

function encodingFor(model?: string): EncodingName {
  const name = baseName(model ?? '');
  // OpenAI's current families use o200k; older ones and every unknown model use cl100k.
  return /^(gpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|chatgpt-4o|o[1-9])/.test(name) ? 'o200k_base' : 'cl100k_base';
}

/** An encoding's tables and what counting needs from them. */
interface Encoding {
  tiktoken: Tiktoken;
  /** The pattern that cuts text into pieces BPE never merges across (words with their leading space, numbers...). */
  pattern: RegExp;
  bpe: BytePairEncoder;
  /** Token counts of pieces seen before (see countTokens). */
  counts: Map<string, number>;
  cachedChars: number;
}
const encoders = new Map<EncodingName, Encoding>();

/** js-tiktoken keeps its pattern and rank table in fields its types call internal: checked here, once. */
interface TiktokenInternals {
  patStr?: string;
  rankMap?: Map<string, number>;
}

function load(name: EncodingName): Encoding {
  const tiktoken = new Tiktoken(loaders[name]());
  const { patStr, rankMap } = tiktoken as unknown as TiktokenInternals;
  if (typeof patStr !== 'string' || !(rankMap instanceof Map))
    throw new Error(`js-tiktoken no longer exposes the pattern and ranks of ${name}; the tokenizer needs them.`);
  return { tiktoken, pattern: new RegExp(patStr, 'gu'), bpe: new BytePairEncoder(rankMap), counts: new Map(), cachedChars: 0 };
}

function encoding(model?: string): Encoding {
  const name = encodingFor(model);
  let enc = encoders.get(name);
  if (!enc) encoders.set(name, (enc = load(name)));
  return enc;
}

/** Builds every encoder now, so that no request or ingest pays for it later. */
export function warmTokenizer(): void {
  for (const name of Object.keys(loaders) as EncodingName[]) if (!encoders.has(name)) encoders.set(name, load(name));
}

/** Which encodings are built (tests, diagnostics). */
export function loadedEncodings(): string[] {
  return [...encoders.keys()].sort();
}

/**
 * The longest slice of a piece that BPE sees at once, in UTF-16 code units (at most 3 UTF-8 bytes
 * each). BPE's work grows with the square of a piece, and a piece can be a whole message (32,000
 * "x" are one `\p{L}+` run): longer pieces are cut into slices of this size and their counts
 * added. Exact for every piece up to this length (real words are far shorter); for longer runs
 * each cut may add or save a token, as no token spans it. Counts drive budgets: near is enough.
 */
export const MAX_BPE_SLICE = 256;

/** Pieces of `text` as BPE sees them, with where each starts; none longer than MAX_BPE_SLICE. */
function* slices(text: string, enc: Encoding): Generator<[slice: string, start: number]> {
  for (const match of text.matchAll(enc.pattern)) {
    const piece = match[0];
    if (piece.length <= MAX_BPE_SLICE) {
      yield [piece, match.index];
      continue;
    }
    for (let from = 0; from < piece.length;) {
      let to = Math.min(from + MAX_BPE_SLICE, piece.length);
      // Never between the halves of a surrogate pair (an emoji): each half alone is not text.
      if (to < piece.length && isHighSurrogate(piece.charCodeAt(to - 1))) to -= 1;
      yield [piece.slice(from, to), match.index + from];
      from = to;
    }
  }
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const utf8 = new TextEncoder();

// BPE never merges across pieces, so a count is the sum of per-piece counts, and prose repeats its
// pieces endlessly: caching them makes counting several times faster, which the chunker (a dozen counts
// per chunk) needs. Bounded in entries and in characters held.
const CACHE_ENTRIES = 200_000;
const CACHE_CHARS = 4_000_000;

function sliceCount(enc: Encoding, slice: string): number {
  let n = enc.counts.get(slice);
  if (n === undefined) {
    n = enc.bpe.encode(utf8.encode(slice)).length;
    if (enc.counts.size >= CACHE_ENTRIES || enc.cachedChars + slice.length > CACHE_CHARS) {
      enc.counts.clear();
      enc.cachedChars = 0;
    }
    enc.counts.set(slice, n);
    enc.cachedChars += slice.length;
  }
  return n;
}

/** Tokens of `text` for `model`'s encoding; special-token text ("<|endoftext|>") counts as ordinary text. Linear in the text. */
export function countTokens(text: string, model?: string): number {
  if (!text) return 0;
  const enc = encoding(model);
  let total = 0;
  for (const [slice] of slices(text, enc)) total += sliceCount(enc, slice);
  return total;
}

/** The longest prefix of `text` that fits in `maxTokens` tokens; encodes only up to the cut. */
export function truncateToTokens(text: string, maxTokens: number, model?: string): string {
  if (maxTokens <= 0 || !text) return '';
  const enc = encoding(model);
  let used = 0;
  for (const [slice, start] of slices(text, enc)) {
    const n = sliceCount(enc, slice);
    if (used + n <= maxTokens) {
      used += n;
      continue;
    }
    const kept = enc.bpe.encode(utf8.encode(slice)).slice(0, maxTokens - used);
    // A cut inside a multi-byte character decodes to U+FFFD: drop that partial character.
    return text.slice(0, start) + enc.tiktoken.decode(kept).replace(/\uFFFD+$/, '');
  }
  return text;
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

/** A request's and its reply's tokens, for models that report none; the prompt builder's count when the request carries it. */
export function countUsage(request: Pick<ChatRequest, 'model' | 'messages' | 'promptTokens'>, completion: string): TokenUsage {
  const promptTokens = request.promptTokens ?? countChatTokens(request.messages, request.model);
  const completionTokens = countTokens(completion, request.model);
  return { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens };
}

/** Counts on the calling thread: for tests and tools, which have no pool. */
export const countUsageInline: UsageCounter = async (request, completion) => countUsage(request, completion);

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
