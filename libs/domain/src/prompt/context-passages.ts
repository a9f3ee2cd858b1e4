// How knowledge-base passages are laid out in the system message. The prompt builder writes it
// with formatContextPassages; the offline answerer reads it back with parseContextPassages, so
// both sides share this one definition. A passage looks like:
//
//   [1] (Refund policy) Refunds are issued within 14 days.
//       Continuation lines of the same passage are indented by four spaces.
//   [2] (Shipping (EU)) Parcels ship from Lyon.
//
// The bracketed number is what models cite ("[1]"). Blank lines inside a passage are dropped
// so that any unindented line ends it.

export interface ContextPassage {
  index: number;
  title: string;
  text: string;
}

const INDENT = '    ';
const HEAD = /^\[(\d+)\] \(/;

/** Parentheses in titles must pair up, or the closing one could not be found when parsing. */
function cleanTitle(title: string): string {
  const t = title.replace(/\s+/g, ' ').trim() || 'untitled';
  let depth = 0;
  for (const c of t) {
    depth += c === '(' ? 1 : c === ')' ? -1 : 0;
    if (depth < 0) break;
  }
  return depth === 0 ? t : t.replace(/\(/g, '[').replace(/\)/g, ']');
}

export function formatContextPassages(passages: ContextPassage[]): string {
  return passages
    .map((p) => {
      const lines = p.text.split(/\r?\n/).map((l) => l.trimEnd()).filter((l) => l.trim() !== '');
      const [first = '', ...rest] = lines;
      return [`[${p.index}] (${cleanTitle(p.title)}) ${first.trim()}`.trimEnd(), ...rest.map((l) => INDENT + l)].join('\n');
    })
    .join('\n');
}

/** Reads every passage in `text` (a whole system message: other lines are ignored). */
export function parseContextPassages(text: string): ContextPassage[] {
  const out: ContextPassage[] = [];
  let current: ContextPassage | undefined;
  for (const line of text.split(/\r?\n/)) {
    const head = HEAD.exec(line);
    if (head) {
      current = parseHead(line, Number(head[1]), head[0].length);
      if (current) out.push(current);
    } else if (current && line.startsWith(INDENT)) {
      current.text += '\n' + line.slice(INDENT.length);
    } else {
      current = undefined;
    }
  }
  return out;
}

/** `from` points just after "[n] (": the title runs to the matching ")". */
function parseHead(line: string, index: number, from: number): ContextPassage | undefined {
  let depth = 1;
  for (let i = from; i < line.length; i++) {
    depth += line[i] === '(' ? 1 : line[i] === ')' ? -1 : 0;
    if (depth === 0) return { index, title: line.slice(from, i), text: line.slice(i + 1).trim() };
  }
  return undefined;
}
