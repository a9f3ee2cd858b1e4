/** A half-open range [start, end) of a string; spans are kept instead of copies so offsets survive. */
export interface Span {
  start: number;
  end: number;
}

// Separators between units. Each matches the whitespace *between* two units.
export const PARAGRAPH_BREAK = /\n[ \t]*\n\s*/g;
// After . ! ? … (plus closing quotes/brackets) and whitespace; at any line break
// (list items, code lines); right after CJK full stops, which take no space.
export const SENTENCE_BREAK = /(?<=[.!?…]["'”’)\]]*)\s+|\s*\n\s*|(?<=[。！？])(?=\S)/g;
export const WORD_BREAK = /\s+/g;

/** The non-blank pieces of text[range] between matches of `separator`, trimmed. */
export function splitSpans(text: string, range: Span, separator: RegExp): Span[] {
  const spans: Span[] = [];
  let start = range.start;
  for (const m of text.slice(range.start, range.end).matchAll(separator)) {
    const at = range.start + m.index;
    pushTrimmed(text, spans, start, at);
    start = at + m[0].length;
  }
  pushTrimmed(text, spans, start, range.end);
  return spans;
}

function pushTrimmed(text: string, spans: Span[], start: number, end: number): void {
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  if (end > start) spans.push({ start, end });
}

/**
 * Cuts a span that has no whitespace but is still over budget (a base64 blob, a
 * long URL) into the longest pieces that fit, never inside a surrogate pair.
 */
export function hardSplit(text: string, span: Span, maxTokens: number, countTokens: (t: string) => number): Span[] {
  const spans: Span[] = [];
  for (let start = span.start; start < span.end; ) {
    let lo = start + 1;
    let hi = span.end;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (countTokens(text.slice(start, mid)) <= maxTokens) lo = mid;
      else hi = mid - 1;
    }
    let end = lo;
    // Keep surrogate pairs whole; a lone character over budget is emitted anyway, as it cannot shrink.
    if (end < span.end && isLowSurrogate(text.charCodeAt(end))) end += end - start > 1 ? -1 : 1;
    spans.push({ start, end });
    start = end;
  }
  return spans;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
