/** A half-open range [start, end) of a string; spans are kept instead of copies so offsets survive. */
export interface Span {
  start: number;
  end: number;
}

export type Counted = Span & { tokens: number };

// Separators between units. Each matches the whitespace *between* two units.
export const PARAGRAPH_BREAK = /\n[ \t]*\n\s*/g;
// After . ! ? … (plus closing quotes/brackets) and whitespace; at any line break
// (list items, code lines); right after CJK full stops, which take no space.
export const SENTENCE_BREAK = /(?<=[.!?…]["'”’)\]]*)\s+|\s*\n\s*|(?<=[。！？])(?=\S)/g;
export const WORD_BREAK = /\s+/g;

/** The non-blank pieces of text[range] between matches of `separator`, trimmed. */
export function splitSpans(text: string, range: Span, separator: RegExp): Span[] {
  return [...eachSpan(text, range, separator)];
}

/** As splitSpans, one at a time: a 20 MB paragraph need not become millions of spans at once. */
export function* eachSpan(text: string, range: Span, separator: RegExp): Generator<Span> {
  let start = range.start;
  for (const m of text.slice(range.start, range.end).matchAll(separator)) {
    const at = range.start + m.index;
    const span = trimmed(text, start, at);
    if (span) yield span;
    start = at + m[0].length;
  }
  const span = trimmed(text, start, range.end);
  if (span) yield span;
}

function trimmed(text: string, start: number, end: number): Span | null {
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return end > start ? { start, end } : null;
}

/**
 * Cuts a span that has no whitespace but is over budget (a base64 blob, a long URL, one letter
 * repeated) into pieces of at most `maxTokens` tokens and `maxChars` characters, never inside a
 * surrogate pair. It walks forward, sizing each window from the density of the last (at most
 * twice as long), so every count is of a bounded window and each piece costs about one count:
 * bisecting over the whole span instead cost a BPE tokenizer quadratic time on a long one.
 */
export function hardSplit(text: string, span: Span, maxTokens: number, maxChars: number, countTokens: (t: string) => number): Counted[] {
  const pieces: Counted[] = [];
  let size = Math.min(maxTokens, maxChars); // first guess: a token per character
  for (let start = span.start; start < span.end;) {
    let end = cutAt(text, start, start + size, span.end);
    let tokens = countTokens(text.slice(start, end));
    while (tokens > maxTokens) {
      // Denser than guessed: shrink in proportion, with a margin.
      const shorter = cutAt(text, start, start + Math.max(1, Math.floor(((end - start) * maxTokens * 0.9) / tokens)), span.end);
      if (shorter >= end) break; // a lone character over budget is kept: nothing can shrink it
      end = shorter;
      tokens = countTokens(text.slice(start, end));
    }
    pieces.push({ start, end, tokens });
    const length = end - start;
    size = Math.max(1, Math.min(maxChars, 2 * length, Math.floor((length * maxTokens) / Math.max(tokens, 1))));
    start = end;
  }
  return pieces;
}

/** `end`, moved off the middle of a surrogate pair (back, unless that leaves nothing), within `limit`. */
function cutAt(text: string, start: number, end: number, limit: number): number {
  if (end >= limit) return limit;
  if (!isLowSurrogate(text.charCodeAt(end))) return end;
  return end - 1 > start ? end - 1 : end + 1;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
