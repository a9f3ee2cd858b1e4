import { chunkDocument, type Chunk, MAX_CHARS_PER_TOKEN } from './chunk';
import { plainText } from './formats/text';
import { splitMarkdown } from './markdown';
import { DocumentLimitError, type ParsedDocument } from './types';

// Stand-in for the real tokenizer: one token per whitespace-separated word.
const countTokens = (text: string) => text.split(/\s+/).filter(Boolean).length;

const md = (content: string) => splitMarkdown(content);
const plain = (content: string) => plainText(content);

// Deterministic pseudo-prose: paragraphs of sentences of varying length, some very long.
function prose(seed: number, paragraphs: number): string {
  let state = seed;
  const rand = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const words = 'the agent reads each document and answers questions about refunds, shipping, invoices and accounts quickly'.split(' ');
  const sentence = (n: number) => {
    const w = Array.from({ length: n }, () => words[Math.floor(rand() * words.length)]);
    return w[0][0].toUpperCase() + w.join(' ').slice(1) + (rand() < 0.8 ? '.' : '?');
  };
  return Array.from({ length: paragraphs }, () =>
    Array.from({ length: 1 + Math.floor(rand() * 8) }, () => sentence(rand() < 0.05 ? 120 : 4 + Math.floor(rand() * 25))).join(' '),
  ).join('\n\n');
}

function expectWellFormed(doc: ParsedDocument, chunks: Chunk[], maxTokens: number) {
  expect(chunks.map((c) => c.position)).toEqual(chunks.map((_, i) => i));
  for (const c of chunks) {
    expect(c.text.trim()).not.toBe('');
    expect(c.tokenCount).toBe(countTokens(c.text));
    expect(c.tokenCount).toBeLessThanOrEqual(maxTokens);
    expect(doc.text.slice(c.metadata.startOffset, c.metadata.endOffset)).toBe(c.text);
  }
  // Nothing lost: every word of every section is inside some chunk.
  for (const s of doc.sections) {
    const covered = new Array<boolean>(s.text.length).fill(false);
    for (const c of chunks.filter((c) => c.metadata.startOffset >= s.startOffset && c.metadata.startOffset < s.startOffset + s.text.length)) {
      covered.fill(true, c.metadata.startOffset - s.startOffset, c.metadata.startOffset - s.startOffset + c.text.length);
    }
    const missed = [...s.text].filter((ch, i) => /\S/.test(ch) && !covered[i]);
    expect(missed).toEqual([]);
  }
}

describe('chunkDocument', () => {
  const longDoc = md(`# Handbook\n\n${prose(1, 30)}\n\n## Refunds\n\n${prose(2, 40)}\n\n### Edge cases\n\n${prose(3, 10)}\n\n# Appendix\n\n${prose(4, 5)}`);

  it('keeps every chunk within maxTokens, non-empty, and loses no text', () => {
    for (const [maxTokens, overlapTokens] of [
      [400, 50],
      [64, 16],
      [20, 0],
      [6, 2],
    ]) {
      const chunks = chunkDocument(longDoc, { maxTokens, overlapTokens, countTokens });
      expect(chunks.length).toBeGreaterThan(3);
      expectWellFormed(longDoc, chunks, maxTokens);
    }
  });

  it('uses 256 / 32 by default, sized for the local embedder', () => {
    const chunks = chunkDocument(longDoc, { countTokens });
    expect(Math.max(...chunks.map((c) => c.tokenCount))).toBeLessThanOrEqual(256);
    expect(Math.max(...chunks.map((c) => c.tokenCount))).toBeGreaterThan(200);
  });

  it('records heading and the chain of parent headings', () => {
    const chunks = chunkDocument(longDoc, { countTokens });
    const paths = [...new Set(chunks.map((c) => JSON.stringify([c.metadata.heading, c.metadata.headingPath])))];
    expect(paths.map((p) => JSON.parse(p))).toEqual([
      ['Handbook', ['Handbook']],
      ['Refunds', ['Handbook', 'Refunds']],
      ['Edge cases', ['Handbook', 'Refunds', 'Edge cases']],
      ['Appendix', ['Appendix']],
    ]);
    expect(chunkDocument(plain('just text'), { countTokens })[0].metadata).toEqual({ heading: null, headingPath: [], startOffset: 0, endOffset: 9 });
  });

  it('builds heading paths through heading-only sections and level jumps', () => {
    const doc = md('# A\n### C\nunder c\n## B\nunder b\n# D\nunder d');
    expect(chunkDocument(doc, { countTokens }).map((c) => c.metadata.headingPath)).toEqual([['A', 'C'], ['A', 'B'], ['D']]);
  });

  it('overlaps consecutive chunks of a section by about overlapTokens', () => {
    const doc = plain(prose(7, 40));
    const chunks = chunkDocument(doc, { maxTokens: 100, overlapTokens: 20, countTokens });
    expect(chunks.length).toBeGreaterThan(5);
    for (let i = 1; i < chunks.length; i++) {
      const prevEnd = chunks[i - 1].metadata.startOffset + chunks[i - 1].text.length;
      const start = chunks[i].metadata.startOffset;
      const repeated = countTokens(doc.text.slice(start, prevEnd));
      expect(start).toBeLessThan(prevEnd);
      expect(start).toBeGreaterThan(chunks[i - 1].metadata.startOffset);
      expect(repeated).toBeGreaterThanOrEqual(5);
      expect(repeated).toBeLessThanOrEqual(20);
    }
  });

  it('does not overlap across sections or when overlapTokens is 0', () => {
    const doc = md(`# One\n${prose(8, 3)}\n# Two\n${prose(9, 3)}`);
    const chunks = chunkDocument(doc, { maxTokens: 30, overlapTokens: 0, countTokens });
    for (let i = 1; i < chunks.length; i++) {
      expect(chunks[i].metadata.startOffset).toBeGreaterThanOrEqual(chunks[i - 1].metadata.startOffset + chunks[i - 1].text.length);
    }
    const withOverlap = chunkDocument(doc, { maxTokens: 30, overlapTokens: 10, countTokens });
    const firstOfTwo = withOverlap.find((c) => c.metadata.heading === 'Two')!;
    expect(doc.sections[1].text.startsWith(firstOfTwo.text.slice(0, 20))).toBe(true);
  });

  it('does not split paragraphs that fit', () => {
    const para = (n: number, w: string) => Array.from({ length: n }, (_, i) => `${w}${i}`).join(' ') + '.';
    const paragraphs = [para(150, 'a'), para(150, 'b'), para(150, 'c'), para(30, 'd')];
    const chunks = chunkDocument(plain(paragraphs.join('\n\n')), { maxTokens: 400, overlapTokens: 50, countTokens });
    for (const p of paragraphs) expect(chunks.some((c) => c.text.includes(p))).toBe(true);
    expect(chunks[0].text).toBe(`${paragraphs[0]}\n\n${paragraphs[1]}`);
  });

  it('splits a paragraph into sentences before words', () => {
    const sentences = Array.from({ length: 12 }, (_, i) => `Sentence ${i} has exactly seven words here.`);
    const chunks = chunkDocument(plain(sentences.join(' ')), { maxTokens: 20, overlapTokens: 0, countTokens });
    expect(chunks.map((c) => c.text)).toEqual(Array.from({ length: 6 }, (_, i) => `${sentences[2 * i]} ${sentences[2 * i + 1]}`));
  });

  it('splits one huge sentence by words', () => {
    const words = Array.from({ length: 1000 }, (_, i) => `w${i}`);
    const doc = plain(words.join(' '));
    const chunks = chunkDocument(doc, { maxTokens: 100, overlapTokens: 10, countTokens });
    expectWellFormed(doc, chunks, 100);
    expect(chunks[0].text).toBe(words.slice(0, 100).join(' '));
    expect(chunks[1].text.split(' ')[0]).toBe('w90');
    expect(chunks.length).toBe(11);
  });

  it('hard-splits a single word that alone exceeds the budget', () => {
    const perChar = (t: string) => t.replace(/\s/g, '').length; // a tokenizer where every character counts
    // The 40-unit cut would fall inside the emoji's surrogate pair.
    const doc = plain(`${'x'.repeat(39)}😀${'y'.repeat(60)} end`);
    const chunks = chunkDocument(doc, { maxTokens: 40, overlapTokens: 5, countTokens: perChar });
    for (const c of chunks) expect(perChar(c.text)).toBeLessThanOrEqual(40);
    expect(chunks[0].text).toBe('x'.repeat(39));
    expect(chunks[1].text.startsWith('😀')).toBe(true);
    expect(chunks.every((c) => !/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/.test(c.text))).toBe(true);
  });

  it('is deterministic', () => {
    const a = chunkDocument(longDoc, { maxTokens: 120, overlapTokens: 30, countTokens });
    const b = chunkDocument(md(longDoc.text), { maxTokens: 120, overlapTokens: 30, countTokens });
    expect(b).toEqual(a);
  });

  it('emits nothing for heading-only sections and validates options', () => {
    expect(chunkDocument({ text: '# A', sections: [{ heading: 'A', level: 1, text: '', startOffset: 3 }] }, { countTokens })).toEqual([]);
    expect(() => chunkDocument(longDoc, { maxTokens: 0, countTokens })).toThrow(RangeError);
    expect(() => chunkDocument(longDoc, { maxTokens: 50, overlapTokens: 50, countTokens })).toThrow(RangeError);
  });
});

describe('chunkDocument: bounded work for any tokenizer', () => {
  /** A counter that records how many characters it was asked to count, in all and at most at once. */
  function recording(count: (text: string) => number) {
    const seen = { total: 0, largest: 0, calls: 0 };
    const countTokens = (text: string) => {
      seen.total += text.length;
      seen.largest = Math.max(seen.largest, text.length);
      seen.calls++;
      return count(text);
    };
    return { countTokens, seen };
  }
  const perChar = (t: string) => t.replace(/\s/g, '').length;
  // Like a BPE: a few characters per token, and a paragraph break costs a token of its own.
  const bpeLike = (t: string) => {
    let n = 0;
    for (const [piece] of t.matchAll(/\S+|\n\n/g)) n += piece === '\n\n' ? 1 : Math.ceil([...piece].length / 3);
    return n;
  };
  const counters = { words: countTokens, perChar, bpeLike };

  const n = 100_000;
  const inputs: Record<string, string> = {
    'one 100 KB word': 'y'.repeat(n),
    'a sentence without breaks': 'word '.repeat(n / 5).trim(),
    'many tiny paragraphs': 'a\n\n'.repeat(n / 3).trim(),
    'Cyrillic prose': 'Привет, мир: это проверка разбиения. '.repeat(n / 37).trim(),
    'one Cyrillic word': 'ж'.repeat(n),
    'emoji without spaces': '😀'.repeat(n / 2),
  };
  const cases = Object.entries(inputs).flatMap(([input, text]) => Object.entries(counters).map(([counter, count]) => ({ input, counter, text, count })));

  it.each(cases)('$input, counted by $counter: linear in the input, never a long text at once', ({ text, count }) => {
    const { countTokens: counting, seen } = recording(count);
    const doc = plain(text);
    const maxTokens = 256;
    const chunks = chunkDocument(doc, { maxTokens, overlapTokens: 32, countTokens: counting });
    for (const c of chunks) {
      expect(c.tokenCount).toBe(count(c.text));
      expect(c.tokenCount).toBeLessThanOrEqual(maxTokens);
      expect(doc.text.slice(c.metadata.startOffset, c.metadata.endOffset)).toBe(c.text);
      expect(c.text).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
    }
    expect(chunks.at(-1)!.metadata.endOffset).toBe(doc.text.length);
    expect(seen.total).toBeLessThanOrEqual(8 * text.length);
    expect(seen.largest).toBeLessThanOrEqual(2 * maxTokens * MAX_CHARS_PER_TOKEN);
    // Passages stay well filled: a cut falls where the budget (of tokens, or of characters) runs out, not at every small piece.
    const full = Math.max(count(text) / maxTokens, text.length / (maxTokens * MAX_CHARS_PER_TOKEN));
    expect(chunks.length).toBeLessThanOrEqual(Math.ceil(2.5 * full) + 1);
    if (process.env.CHUNK_WORK)
      console.log(
        `${(seen.total / text.length).toFixed(2)} chars counted per char, ${seen.calls} calls, largest ${seen.largest}, ${chunks.length} chunks (${full.toFixed(1)} full)`,
      );
  });
});

describe('chunkDocument: maxChunks', () => {
  it('fails a document that would make more chunks, as soon as it passes the limit', () => {
    let counted = 0;
    const counting = (text: string) => ((counted += text.length), countTokens(text));
    const doc = plain(prose(11, 2000));
    const all = chunkDocument(doc, { maxTokens: 40, overlapTokens: 0, countTokens });
    expect(all.length).toBeGreaterThan(1000);
    expect(chunkDocument(doc, { maxTokens: 40, overlapTokens: 0, countTokens, maxChunks: all.length })).toHaveLength(all.length);

    counted = 0;
    const cut = () => chunkDocument(doc, { maxTokens: 40, overlapTokens: 0, countTokens: counting, maxChunks: 10, name: '"big.txt"' });
    expect(cut).toThrow(DocumentLimitError);
    expect(cut).toThrow(/"big\.txt" would be cut into more than 10 passages.*MAX_CHUNKS_PER_DOCUMENT/);
    // It stopped at the eleventh chunk instead of cutting the whole text first.
    expect(counted).toBeLessThan(doc.text.length / 20);
  });
});

describe('chunkDocument: odd tokenizers', () => {
  it('ends, within budget, with a counter that says 0 for every piece alone but a lot for them together', () => {
    const odd = (t: string) => (/\s/.test(t.trim()) ? 1000 : 0);
    const doc = plain(prose(5, 20));
    const chunks = chunkDocument(doc, { maxTokens: 50, overlapTokens: 5, countTokens: odd });
    expect(chunks.length).toBeGreaterThan(0);
    for (const c of chunks) expect(doc.text.slice(c.metadata.startOffset, c.metadata.endOffset)).toBe(c.text);
  });
});
