import type { ParsedDocument, Section } from './types';

// Front matter only counts at the very top and only when closed; an unclosed
// `---` is a thematic break and stays as text.
const FRONT_MATTER = /^---[ \t]*\n(?:[\s\S]*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|$)/;
// CommonMark: up to 3 spaces of indent (4 would be an indented code block).
const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const ATX_HEADING = /^ {0,3}(#{1,6})(?=[ \t]|$)(.*)$/;

/**
 * Splits Markdown into sections at ATX headings (`#` to `######`). Lines inside
 * fenced code blocks are never headings, so a shell comment or a Python `#`
 * does not cut a code sample in two. Setext headings are not recognised.
 */
export function splitMarkdown(source: string): ParsedDocument {
  const text = source.replace(FRONT_MATTER, '');
  const sections: Section[] = [];
  let current = { heading: null as string | null, level: 0, bodyStart: 0 };
  let fence: { char: string; length: number } | null = null;

  const close = (bodyEnd: number) => {
    const section = trimmedSection(text, current.heading, current.level, current.bodyStart, bodyEnd);
    // Headings with empty bodies stay: the chunker needs them to build heading paths.
    if (section.heading !== null || section.text) sections.push(section);
  };

  for (let lineStart = 0; lineStart < text.length;) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    const line = text.slice(lineStart, lineEnd);
    const next = lineEnd + 1;

    if (fence) {
      if (closesFence(line, fence)) fence = null;
    } else {
      const open = FENCE_OPEN.exec(line);
      // A backtick fence's info string may not contain backticks (that is inline code).
      if (open && !(open[1][0] === '`' && open[2].includes('`'))) {
        fence = { char: open[1][0], length: open[1].length };
      } else {
        const heading = ATX_HEADING.exec(line);
        if (heading) {
          close(lineStart);
          current = { heading: headingText(heading[2]), level: heading[1].length, bodyStart: Math.min(next, text.length) };
        }
      }
    }
    lineStart = next;
  }
  close(text.length);
  return { text, sections };
}

function closesFence(line: string, fence: { char: string; length: number }): boolean {
  const m = /^ {0,3}(`+|~+)[ \t]*$/.exec(line);
  return !!m && m[1][0] === fence.char && m[1].length >= fence.length;
}

// Drops the optional closing `#`s ("## Title ##"), which need a space before them.
function headingText(raw: string): string {
  return raw.replace(/(?:^|[ \t]+)#+[ \t]*$/, '').trim();
}

function trimmedSection(text: string, heading: string | null, level: number, start: number, end: number): Section {
  const body = text.slice(start, end);
  const lead = body.length - body.trimStart().length;
  return { heading, level, text: body.trim(), startOffset: start + (body.trim() ? lead : 0) };
}
