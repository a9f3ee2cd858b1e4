import type { ParsedDocument } from './types';
import { hardSplit, PARAGRAPH_BREAK, SENTENCE_BREAK, splitSpans, WORD_BREAK, type Span } from './split';

export interface Chunk {
  /** 0..n-1 across the whole document, in reading order. */
  position: number;
  /** An exact slice of the section text, so `metadata.startOffset` locates it in `ParsedDocument.text`. */
  text: string;
  tokenCount: number;
  metadata: {
    heading: string | null;
    /** Headings from the top level down to this section's own, e.g. ['Guide', 'Install', 'Linux']. */
    headingPath: string[];
    /** Where the chunk lies in `ParsedDocument.text`: [startOffset, endOffset). */
    startOffset: number;
    endOffset: number;
    /** 1-based PDF page, for citations. */
    page?: number;
    /** 1-based CSV data row. */
    row?: number;
  };
}

export interface ChunkOptions {
  maxTokens?: number;
  overlapTokens?: number;
  /** Injected so the caller picks the tokenizer of its embedding model. */
  countTokens: (text: string) => number;
}

// The local embedder (all-MiniLM-L6-v2) reads only the first 256 word pieces of a
// chunk; longer chunks would be embedded by their start alone. The same defaults
// suit OpenAI-compatible models well enough; assistants can change both.
export const DEFAULT_MAX_TOKENS = 256;
export const DEFAULT_OVERLAP_TOKENS = 32;
export const MAX_CHUNK_TOKENS = 2048;

type Counted = Span & { tokens: number };
type Resolved = Required<ChunkOptions>;

/**
 * Cuts each section into chunks of at most `maxTokens`. Cuts fall between
 * paragraphs when possible, else between sentences, else between words, so a
 * paragraph that fits is never split. Each chunk after the first in a section
 * repeats about `overlapTokens` from the end of the previous one, so a fact
 * that straddles a cut is still retrievable whole. Chunks never cross sections.
 */
export function chunkDocument(doc: ParsedDocument, options: ChunkOptions): Chunk[] {
  const opts = resolveOptions(options);
  const chunks: Chunk[] = [];
  const open: { level: number; heading: string }[] = [];

  for (const section of doc.sections) {
    if (section.level > 0 && section.heading !== null) {
      while (open.length && open[open.length - 1].level >= section.level) open.pop();
      open.push({ level: section.level, heading: section.heading });
    }
    const headingPath = section.level > 0 ? open.map((h) => h.heading).filter(Boolean) : [];
    for (const span of chunkSection(section.text, opts)) {
      chunks.push({
        position: chunks.length,
        text: section.text.slice(span.start, span.end),
        tokenCount: span.tokens,
        metadata: {
          heading: section.heading,
          headingPath: [...headingPath],
          startOffset: section.startOffset + span.start,
          endOffset: section.startOffset + span.end,
          ...(section.page !== undefined && { page: section.page }),
          ...(section.row !== undefined && { row: section.row }),
        },
      });
    }
  }
  return chunks;
}

function resolveOptions(options: ChunkOptions): Resolved {
  const maxTokens = options.maxTokens ?? DEFAULT_MAX_TOKENS;
  const overlapTokens = options.overlapTokens ?? DEFAULT_OVERLAP_TOKENS;
  if (!Number.isInteger(maxTokens) || maxTokens < 1) throw new RangeError(`maxTokens must be a positive integer, got ${maxTokens}`);
  if (!Number.isInteger(overlapTokens) || overlapTokens < 0 || overlapTokens >= maxTokens) {
    throw new RangeError(`overlapTokens must be an integer from 0 to maxTokens - 1, got ${overlapTokens}`);
  }
  if (typeof options.countTokens !== 'function') throw new TypeError('countTokens must be a function');
  return { maxTokens, overlapTokens, countTokens: options.countTokens };
}

function chunkSection(text: string, opts: Resolved): Counted[] {
  const units = toUnits(text, opts);
  const count = (start: number, end: number) => opts.countTokens(text.slice(start, end));
  const out: Counted[] = [];
  for (let next = 0; next < units.length; ) {
    const prev = out[out.length - 1];
    const { start, tokens: first } = prev ? overlapStart(text, prev, units[next], opts) : units[next];
    // Sum unit counts to pick the end cheaply, then check the real count: under a
    // BPE tokenizer the whitespace between units can add tokens.
    let last = next;
    let estimate = first;
    while (last + 1 < units.length && estimate + units[last + 1].tokens <= opts.maxTokens) estimate += units[++last].tokens;
    let tokens = count(start, units[last].end);
    // Usually over by a separator token or two: drop just enough units and recount.
    // The first unit always fits (overlapStart sees to it) unless it is a lone
    // character over budget, which nothing can shrink.
    while (tokens > opts.maxTokens && last > next) {
      for (let excess = tokens - opts.maxTokens; excess > 0 && last > next; ) excess -= units[last--].tokens;
      tokens = count(start, units[last].end);
    }
    out.push({ start, end: units[last].end, tokens });
    next = last + 1;
  }
  return out;
}

/** Paragraphs that fit stay whole; larger ones become sentences, then words, then raw pieces. */
function toUnits(text: string, opts: Resolved): Counted[] {
  const units: Counted[] = [];
  const add = (span: Span, finer: RegExp[]) => {
    const tokens = opts.countTokens(text.slice(span.start, span.end));
    if (tokens <= opts.maxTokens) units.push({ ...span, tokens });
    else if (finer.length) for (const part of splitSpans(text, span, finer[0])) add(part, finer.slice(1));
    else for (const part of hardSplit(text, span, opts.maxTokens, opts.countTokens)) add(part, []);
  };
  for (const paragraph of splitSpans(text, { start: 0, end: text.length }, PARAGRAPH_BREAK)) {
    add(paragraph, [SENTENCE_BREAK, WORD_BREAK]);
  }
  return units;
}

/**
 * Where the chunk that begins with `unit` should start so that it repeats up to
 * `overlapTokens` from the end of `prev`: at a word, moved to a sentence start
 * when that keeps at least half the overlap. Shrinks (to nothing) rather than
 * push `unit` out of the chunk.
 */
function overlapStart(text: string, prev: Counted, unit: Counted, opts: Resolved): { start: number; tokens: number } {
  const none = { start: unit.start, tokens: unit.tokens };
  const budget = Math.min(opts.overlapTokens, opts.maxTokens - unit.tokens);
  if (budget <= 0) return none;
  const count = (start: number) => opts.countTokens(text.slice(start, prev.end));
  const words = splitSpans(text, prev, WORD_BREAK);
  // Earliest word whose suffix fits the budget, found by galloping back from the
  // end and then bisecting, so each count stays near the overlap size. Index 0 is
  // excluded: repeating the whole previous chunk is not overlap.
  let fits = words.length;
  let tooBig = 0;
  for (let step = 1; words.length - step > tooBig; step *= 2) {
    const i = words.length - step;
    if (count(words[i].start) > budget) {
      tooBig = i;
      break;
    }
    fits = i;
  }
  while (fits - tooBig > 1) {
    const mid = (fits + tooBig) >> 1;
    if (count(words[mid].start) <= budget) fits = mid;
    else tooBig = mid;
  }
  if (fits === words.length) return none;
  let best = words[fits].start;

  const sentence = splitSpans(text, prev, SENTENCE_BREAK).find((s) => s.start >= best);
  if (sentence && sentence.start !== best && count(sentence.start) * 2 >= budget) best = sentence.start;
  const tokens = opts.countTokens(text.slice(best, unit.end));
  return tokens <= opts.maxTokens ? { start: best, tokens } : none;
}
