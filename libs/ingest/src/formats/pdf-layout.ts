// Turns pdf.js text items into headings and paragraphs using only geometry: a PDF has no
// markup, but its headings are set larger than the body text and its paragraphs are separated
// by more space than its lines.

export interface TextItem {
  str: string;
  /** [a, b, c, d, x, y]: the font matrix scaled and placed on the page (y grows upwards). */
  transform: number[];
  width: number;
  hasEOL?: boolean;
}

export interface Line {
  text: string;
  size: number;
  y: number;
}

export type Block = { kind: 'heading'; text: string; level: number } | { kind: 'paragraph'; text: string };

const HEADING_RATIO = 1.15;
const PARAGRAPH_GAP = 1.3;
const MAX_HEADING_CHARS = 120;

/** Items of one page in reading order, to lines (same baseline) with the largest font size on each. */
export function toLines(items: TextItem[]): Line[] {
  const lines: Line[] = [];
  let current: (Line & { xEnd: number }) | null = null;
  for (const item of items) {
    const [a, b, , , x, y] = item.transform;
    const size = Math.hypot(a, b) || Math.abs(item.transform[3]) || 0;
    if (item.str) {
      if (current && Math.abs(current.y - y) <= Math.max(current.size, size) * 0.5) {
        const gap = x - current.xEnd;
        current.text += !/\s$/.test(current.text) && !/^\s/.test(item.str) && gap > size * 0.15 ? ` ${item.str}` : item.str;
        current.size = Math.max(current.size, item.str.trim() ? size : 0);
        current.xEnd = x + item.width;
      } else {
        if (current) lines.push(current);
        current = { text: item.str, size: item.str.trim() ? size : 0, y, xEnd: x + item.width };
      }
    }
    if (item.hasEOL && current) {
      lines.push(current);
      current = null;
    }
  }
  if (current) lines.push(current);
  return lines.map(({ text, size, y }) => ({ text: text.replace(/\s+/g, ' ').trim(), size: Math.round(size * 2) / 2, y })).filter((l) => l.text);
}

/** The font size that carries the most characters: the body text. */
export function bodySize(pages: Line[][]): number {
  const chars = new Map<number, number>();
  for (const line of pages.flat()) chars.set(line.size, (chars.get(line.size) ?? 0) + line.text.length);
  let best = 0;
  let bestChars = -1;
  for (const [size, n] of chars) if (n > bestChars) [best, bestChars] = [size, n];
  return best;
}

/**
 * Heading levels by size: the largest heading size is level 1, the next 2, and so on (up to 6).
 * Lines count as headings when clearly larger than the body and short.
 */
export function headingLevels(pages: Line[][], body: number): Map<number, number> {
  const sizes = new Set<number>();
  for (const line of pages.flat()) if (isHeading(line, body)) sizes.add(line.size);
  return new Map([...sizes].sort((x, y) => y - x).map((size, i) => [size, Math.min(i + 1, 6)]));
}

function isHeading(line: Line, body: number): boolean {
  return body > 0 && line.size >= body * HEADING_RATIO && line.text.length <= MAX_HEADING_CHARS && /\p{L}/u.test(line.text);
}

/** One page's lines to blocks: consecutive heading lines of one size merge; wider gaps start paragraphs. */
export function toBlocks(lines: Line[], body: number, levels: Map<number, number>): Block[] {
  // The usual spacing between two body lines; gaps around headings do not count.
  const bodyLine = (l: Line) => !isHeading(l, body);
  const gaps = lines
    .slice(1)
    .flatMap((l, i) => (bodyLine(l) && bodyLine(lines[i]) ? [lines[i].y - l.y] : []))
    .filter((g) => g > 0 && g < body * 3);
  const lineGap = median(gaps) || body * 1.2;
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length) blocks.push({ kind: 'paragraph', text: joinWrapped(paragraph) });
    paragraph = [];
  };
  lines.forEach((line, i) => {
    const level = isHeading(line, body) ? levels.get(line.size) : undefined;
    const prev = blocks[blocks.length - 1];
    if (level) {
      flush();
      const continues =
        prev?.kind === 'heading' && prev.level === level && i > 0 && lines[i - 1].size === line.size && lines[i - 1].y - line.y < line.size * 1.6;
      if (continues) prev.text += ` ${line.text}`;
      else blocks.push({ kind: 'heading', text: line.text, level });
      return;
    }
    const gap = i > 0 ? lines[i - 1].y - line.y : 0;
    // A gap that is negative (a new column) or clearly wider than the line spacing ends a paragraph.
    if (paragraph.length && (gap > lineGap * PARAGRAPH_GAP || gap < 0)) flush();
    paragraph.push(line.text);
  });
  flush();
  return blocks;
}

/** Lines of one paragraph, joined: a word hyphenated at the line end keeps its hyphen. */
function joinWrapped(lines: string[]): string {
  return lines.reduce((text, line) => (text ? `${text}${/-$/.test(text) && /^\p{Ll}/u.test(line) ? '' : ' '}${line}` : line), '');
}

function median(values: number[]): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}
