import { cleanText, describeSource, formatTime, messageHeading, oneLine, ratingLine, sourcesOf, toolCallLines } from '../export-text';
import type { ExportHeader, ExportMessage } from '../export.types';

/**
 * Markdown export, meant to be read.
 * - Answers are Markdown already and are kept as they are; a code fence an answer leaves open is
 *   closed after it, so it cannot swallow the messages that follow (CommonMark §4.5).
 * - What a person wrote is text: it is escaped line by line, its line breaks kept.
 * - Titles, names, file names and excerpts are put on one line and only the characters that could
 *   start emphasis, code, links, images, HTML or entities are backslash-escaped (CommonMark §2.4),
 *   plus what would open a block at the start of the line. Dates and file names stay as they are.
 */
export function escapeInline(text: string): string {
  return escapeLine(oneLine(text));
}

function escapeLine(line: string): string {
  return (
    line
      .replace(/[\\`*_[\]<>|~&]/g, (c) => `\\${c}`)
      // Block starts: headings, quotes, list items, thematic breaks, setext underlines.
      .replace(/^(\s*)([#>+=-])/, '$1\\$2')
      .replace(/^(\s*\d{1,9})([.)])/, '$1\\$2')
      // A closing run of #s would be dropped from a heading.
      .replace(/(\s)(#+)\s*$/, (_, space: string, hashes: string) => `${space}${hashes.replace(/#/g, '\\#')}`)
  );
}

/** A person's text: every line escaped, line breaks kept as hard breaks, blank lines as paragraphs. */
export function markdownText(content: string): string {
  return cleanText(content)
    .replace(/\t/g, '    ')
    .split('\n')
    .map((line) => escapeLine(line.trim()))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/([^\n])\n(?=[^\n])/g, '$1\\\n')
    .trim();
}

/** An answer's Markdown, with a fence it leaves open closed (the close is at least as long as the open). */
export function markdownAnswer(content: string): string {
  const text = cleanText(content).trim();
  let open: { char: string; length: number } | null = null;
  for (const line of text.split('\n')) {
    const fence = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
    if (!fence) continue;
    if (open) {
      if (fence[1][0] === open.char && fence[1].length >= open.length && !fence[2].trim()) open = null;
    } else if (fence[1][0] !== '`' || !fence[2].includes('`')) open = { char: fence[1][0], length: fence[1].length };
  }
  return open ? `${text}\n${open.char.repeat(open.length)}` : text;
}

export function markdownHeader(header: ExportHeader): string {
  return [
    `# ${escapeInline(header.title) || 'Conversation'}`,
    '',
    `- Assistant: ${escapeInline(header.assistantName)}`,
    `- Conversation: ${header.id}`,
    `- Started: ${formatTime(header.createdAt)}`,
    `- Exported: ${formatTime(header.exportedAt)}`,
    '',
    '',
  ].join('\n');
}

export function markdownMessage(message: ExportMessage): string {
  const body = message.role === 'assistant' ? markdownAnswer(message.content) : markdownText(message.content);
  const parts = [`## ${escapeInline(messageHeading(message))}`, '', body, ''];
  if (message.error) parts.push(`Error: ${escapeInline(message.error)}`, '');
  const rating = ratingLine(message);
  if (rating) parts.push(`*${escapeInline(rating)}*`, '');
  const sources = sourcesOf(message.searchResults);
  if (sources.length) parts.push('Sources:', '', ...sources.map((s) => `- ${escapeInline(describeSource(s))}`), '');
  const tools = toolCallLines(message.toolCalls);
  if (tools.length) parts.push('Tool calls:', '', ...tools.map((line) => `- ${escapeInline(line)}`), '');
  return `${parts.join('\n')}\n`;
}
