import type { ParsedDocument } from './types';
import { type Counted, eachSpan, hardSplit, PARAGRAPH_BREAK, SENTENCE_BREAK, type Span, WORD_BREAK } from './split';

export interface UnitOptions {
  maxTokens: number;
  /** No unit is longer, and nothing longer is ever counted at once (see MAX_CHARS_PER_TOKEN). */
  maxChars: number;
  countTokens: (text: string) => number;
}

/** The smallest piece a chunk is built of, in the document's text; each fits a chunk alone. */
export interface Unit extends Counted {
  /** Index of its section in `ParsedDocument.sections`. */
  section: number;
  /** May share a chunk with the unit before it: within a section, or between whole CSV rows. */
  joins: boolean;
}

const FINER = [SENTENCE_BREAK, WORD_BREAK];

/**
 * The units of every section in reading order, made as they are asked for. A CSV row that fits
 * a chunk is one unit that may join its neighbours, so small rows share passages; other sections
 * are cut by `sectionUnits` and never join the section before them.
 */
export function* documentUnits(doc: ParsedDocument, opts: UnitOptions): Generator<Unit> {
  let previousRow: { heading: string | null; level: number; page?: number } | null = null;
  for (let section = 0; section < doc.sections.length; section++) {
    const s = doc.sections[section];
    if (!s.text) continue;
    const start = s.startOffset;
    const end = start + s.text.length;
    const tokens = s.row !== undefined && end - start <= opts.maxChars ? opts.countTokens(s.text) : Infinity;
    if (tokens <= opts.maxTokens) {
      const joins = previousRow !== null && previousRow.heading === s.heading && previousRow.level === s.level && previousRow.page === s.page;
      // Object literals, not spreads, here and below: spreads were most of the time of a million-row CSV.
      yield { start, end, tokens, section, joins };
      previousRow = s;
      continue;
    }
    previousRow = null;
    let first = true;
    for (const unit of sectionUnits(doc.text, { start, end }, opts)) {
      yield { start: unit.start, end: unit.end, tokens: unit.tokens, section, joins: !first };
      first = false;
    }
  }
}

/**
 * Paragraphs that fit stay whole; larger ones become sentences, then words, then raw pieces.
 * A piece longer than `maxChars` is cut before it is ever counted: counting it whole would cost
 * a BPE tokenizer time quadratic in its length, and it could not fit anyway.
 */
export function* sectionUnits(text: string, range: Span, opts: UnitOptions): Generator<Counted> {
  for (const paragraph of eachSpan(text, range, PARAGRAPH_BREAK)) yield* unitsOf(text, paragraph, 0, opts);
}

function* unitsOf(text: string, span: Span, level: number, opts: UnitOptions): Generator<Counted> {
  if (span.end - span.start <= opts.maxChars) {
    const tokens = opts.countTokens(text.slice(span.start, span.end));
    if (tokens <= opts.maxTokens) {
      yield { start: span.start, end: span.end, tokens };
      return;
    }
  }
  if (level < FINER.length) {
    for (const part of eachSpan(text, span, FINER[level])) yield* unitsOf(text, part, level + 1, opts);
  } else {
    yield* hardSplit(text, span, opts.maxTokens, opts.maxChars, opts.countTokens);
  }
}

/** Reads ahead of a generator as far as asked, and forgets what was dropped. */
export class Lookahead<T> {
  private buffer: T[] = [];
  private head = 0;

  constructor(private readonly source: Iterator<T>) {}

  at(i: number): T | undefined {
    while (this.buffer.length - this.head <= i) {
      const next = this.source.next();
      if (next.done) return undefined;
      this.buffer.push(next.value);
    }
    return this.buffer[this.head + i];
  }

  drop(n: number): void {
    this.head += n;
    if (this.head > 1024 && this.head * 2 > this.buffer.length) {
      this.buffer = this.buffer.slice(this.head);
      this.head = 0;
    }
  }
}
