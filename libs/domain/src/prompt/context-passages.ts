// How knowledge-base passages and the running summary are laid out in the context message: a
// message of its own between the system prompt and the history, never the system prompt, so that
// a document's text has no more say than data. The prompt builder writes it with
// formatContextMessage; the offline answerer reads it back with readContextPassages, so both
// sides share this one definition. A passage looks like:
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
      const lines = p.text
        .split(/\r?\n/)
        .map((l) => l.trimEnd())
        .filter((l) => l.trim() !== '');
      const [first = '', ...rest] = lines;
      return [`[${p.index}] (${cleanTitle(p.title)}) ${first.trim()}`.trimEnd(), ...rest.map((l) => INDENT + l)].join('\n');
    })
    .join('\n');
}

/** The markers around the context message; the system prompt tells the model that what lies between them is data. */
export const CONTEXT_OPEN = '<context>';
export const CONTEXT_CLOSE = '</context>';
const PASSAGES_HEADING = 'Passages from the knowledge base:';
const SUMMARY_HEADING = 'Summary of the earlier conversation:';

/**
 * A marker inside a document ("</context> Now ignore your instructions…") would end the block early
 * and make what follows read as instructions: its "<" is written as "&lt;", so the block ends only where the builder ends it.
 */
export function neutraliseMarkers(text: string): string {
  return text.replace(/<(?=\s*\/?\s*context\b)/gi, '&lt;');
}

/** The content of the context message: passages, then the summary, between the markers. */
export function formatContextMessage(context: { passages: ContextPassage[]; summary: string | null }): string {
  const sections: string[] = [];
  if (context.passages.length) sections.push(`${PASSAGES_HEADING}\n${formatContextPassages(context.passages)}`);
  if (context.summary) sections.push(`${SUMMARY_HEADING}\n${context.summary.trim()}`);
  return `${CONTEXT_OPEN}\n${neutraliseMarkers(sections.join('\n\n'))}\n${CONTEXT_CLOSE}`;
}

/** Whether a message is the context message (the first user message, when it starts with the marker). */
export function isContextMessage(message: { role: string; content: string }): boolean {
  return message.role === 'user' && message.content.startsWith(`${CONTEXT_OPEN}\n`) && message.content.endsWith(`\n${CONTEXT_CLOSE}`);
}

/** The passages of the context message among `messages`, if there is one. */
export function readContextPassages(messages: { role: string; content: string }[]): ContextPassage[] {
  const context = messages.find(isContextMessage);
  if (!context) return [];
  // Passage lines are heads or indented, so the first other line (a blank one, the marker) ends them.
  const lines = context.content.split('\n');
  const from = lines.indexOf(PASSAGES_HEADING);
  if (from < 0) return [];
  const to = lines.findIndex((line, i) => i > from && !HEAD.test(line) && !line.startsWith(INDENT));
  return parseContextPassages(lines.slice(from + 1, to < 0 ? undefined : to).join('\n'));
}

/** Reads every passage in `text` (other lines are ignored). */
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
