import { DocumentLimitError, type ParsedDocument, type Section } from './types';
import { type Counted, SENTENCE_BREAK, splitSpans, WORD_BREAK } from './split';
import { documentUnits, Lookahead, type Unit, type UnitOptions } from './units';

export interface Chunk {
  /** 0..n-1 across the whole document, in reading order. */
  position: number;
  /** An exact slice of `ParsedDocument.text` at `metadata.startOffset`. */
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
    /** 1-based CSV data row: the first of the rows the chunk holds. */
    row?: number;
    /** The last CSV data row the chunk holds (small rows share a chunk). */
    lastRow?: number;
  };
}

export interface ChunkOptions {
  maxTokens?: number;
  overlapTokens?: number;
  /** Injected so the caller picks the tokenizer of its embedding model. */
  countTokens: (text: string) => number;
  /** More chunks than this fail the document (DocumentLimitError) as soon as the next one is cut. */
  maxChunks?: number;
  /** The document in that error's message, e.g. its quoted file name. */
  name?: string;
}

// The local embedder (all-MiniLM-L6-v2) reads only the first 256 word pieces of a
// chunk; longer chunks would be embedded by their start alone. The same defaults
// suit OpenAI-compatible models well enough; assistants can change both.
export const DEFAULT_MAX_TOKENS = 256;
export const DEFAULT_OVERLAP_TOKENS = 32;
export const MAX_CHUNK_TOKENS = 2048;
/**
 * A chunk holds at most this many characters per token of its budget, and nothing longer is
 * counted at once. Prose takes 2-7 characters a token in the tokenizers we use; only text like a
 * run of one letter packs more, and it is cut by characters instead of being counted whole.
 */
export const MAX_CHARS_PER_TOKEN = 8;

type Resolved = UnitOptions & { overlapTokens: number; maxChunks: number; name: string };
type Packed = Counted & { first: Unit; last: Unit };

/**
 * Cuts each section into chunks of at most `maxTokens`. Cuts fall between
 * paragraphs when possible, else between sentences, else between words, so a
 * paragraph that fits is never split. Each chunk after the first in a section
 * repeats about `overlapTokens` from the end of the previous one, so a fact
 * that straddles a cut is still retrievable whole. Chunks never cross sections,
 * except that whole CSV rows share a chunk while they fit (without overlap).
 * The work is linear in the text for any `countTokens`: no count covers more
 * than about `2 × maxTokens × MAX_CHARS_PER_TOKEN` characters.
 */
export function chunkDocument(doc: ParsedDocument, options: ChunkOptions): Chunk[] {
  const opts = resolveOptions(options);
  const paths = headingPaths(doc.sections);
  const chunks: Chunk[] = [];
  for (const { start, end, tokens, first, last } of pack(doc.text, new Lookahead(documentUnits(doc, opts)), opts)) {
    if (chunks.length >= opts.maxChunks) {
      throw new DocumentLimitError(
        `${opts.name} would be cut into more than ${opts.maxChunks.toLocaleString('en')} passages, the most one document may have (MAX_CHUNKS_PER_DOCUMENT). Split it into smaller files.`,
        { code: 'document.too_many_chunks', params: { max: opts.maxChunks } },
      );
    }
    const section = doc.sections[first.section];
    const lastRow = doc.sections[last.section].row;
    chunks.push({
      position: chunks.length,
      text: doc.text.slice(start, end),
      tokenCount: tokens,
      metadata: {
        heading: section.heading,
        headingPath: [...paths[first.section]],
        startOffset: start,
        endOffset: end,
        ...(section.page !== undefined && { page: section.page }),
        ...(section.row !== undefined && { row: section.row, lastRow: lastRow ?? section.row }),
      },
    });
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
  const maxChunks = options.maxChunks ?? Number.POSITIVE_INFINITY;
  return {
    maxTokens,
    overlapTokens,
    maxChars: maxTokens * MAX_CHARS_PER_TOKEN,
    countTokens: options.countTokens,
    maxChunks,
    name: options.name ?? 'The document',
  };
}

/** Each section's heading path; sections under the same headings share one array. */
function headingPaths(sections: Section[]): string[][] {
  const open: { level: number; heading: string }[] = [];
  const none: string[] = [];
  let current = none;
  return sections.map((section) => {
    if (section.level > 0 && section.heading !== null) {
      while (open.length && open[open.length - 1].level >= section.level) open.pop();
      open.push({ level: section.level, heading: section.heading });
      current = open.map((h) => h.heading).filter(Boolean);
    }
    return section.level > 0 ? current : none;
  });
}

/** Consecutive units gathered into chunks of at most maxTokens (and maxChars), each counted once or a few times. */
function* pack(text: string, units: Lookahead<Unit>, opts: Resolved): Generator<Packed> {
  const count = (start: number, end: number) => opts.countTokens(text.slice(start, end));
  let prev: Packed | undefined;
  // How much more units count together than apart (a BPE counts the breaks between them), as last seen.
  let together = 1;
  for (let first = units.at(0); first; first = units.at(0)) {
    const { start, tokens: head } = prev && prev.last.section === first.section ? overlapStart(text, prev, first, opts) : first;
    // Sum unit counts to pick the end cheaply, then check the real count.
    let last = 0;
    let estimate = head;
    for (
      let next = units.at(1);
      next?.joins && (estimate + next.tokens) * together <= opts.maxTokens && next.end - start <= opts.maxChars;
      next = units.at(last + 1)
    ) {
      estimate += next.tokens;
      last++;
    }
    const countTo = (i: number) => (i === 0 ? head : count(start, units.at(i)!.end));
    let tokens = countTo(last);
    // Over by the breaks between units: drop units from the end in proportion to the excess,
    // twice as many each time, and count again. The first unit always fits (overlapStart sees
    // to it) unless it is a lone character over budget, which nothing can shrink.
    for (let shrink = 1; tokens > opts.maxTokens && last > 0; shrink *= 2) {
      const target = (estimate * opts.maxTokens) / tokens / shrink;
      do estimate -= units.at(last--)!.tokens;
      while (last > 0 && estimate > target);
      tokens = countTo(last);
    }
    if (last > 0 && estimate > 0) together = Math.max(1, tokens / estimate);
    prev = { start, end: units.at(last)!.end, tokens, first, last: units.at(last)! };
    units.drop(last + 1);
    yield prev;
  }
}

/**
 * Where the chunk that begins with `unit` should start so that it repeats up to
 * `overlapTokens` from the end of `prev`: at a word, moved to a sentence start
 * when that keeps at least half the overlap. Shrinks (to nothing) rather than
 * push `unit` out of the chunk, and stays within maxChars of the unit's end.
 */
function overlapStart(text: string, prev: Counted, unit: Counted, opts: Resolved): { start: number; tokens: number } {
  const none = { start: unit.start, tokens: unit.tokens };
  const budget = Math.min(opts.overlapTokens, opts.maxTokens - unit.tokens);
  const from = Math.max(prev.start, unit.end - opts.maxChars);
  if (budget <= 0 || from >= prev.end) return none;
  const count = (start: number) => opts.countTokens(text.slice(start, prev.end));
  const region = { start: from, end: prev.end };
  const words = splitSpans(text, region, WORD_BREAK);
  // Earliest word whose suffix fits the budget, found by galloping back from the
  // end and then bisecting, so each count stays near the overlap size. Index 0 is
  // excluded: repeating the whole previous chunk is not overlap (and when the region
  // was cut short, its first word may be cut too).
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

  const sentence = splitSpans(text, region, SENTENCE_BREAK).find((s) => s.start >= best);
  if (sentence && sentence.start !== best && count(sentence.start) * 2 >= budget) best = sentence.start;
  const tokens = opts.countTokens(text.slice(best, unit.end));
  return tokens <= opts.maxTokens ? { start: best, tokens } : none;
}
