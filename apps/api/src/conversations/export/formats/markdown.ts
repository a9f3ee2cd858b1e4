import { cleanText, describeSource, formatTime, messageHeading, oneLine, sourcesOf, toolCallLines } from '../export-text';
import type { ExportHeader, ExportMessage } from '../export.types';

/**
 * Markdown export. Nothing a person or the model wrote is interpreted as Markdown or HTML:
 * - a message's content sits in a fenced code block whose fence is longer than any run of
 *   backticks in the content, so no line of it can close the block (CommonMark §4.5);
 * - titles, names, file names and excerpts are put on one line and every ASCII punctuation
 *   character is backslash-escaped (CommonMark §2.4), so they cannot open headings, lists,
 *   links, images or HTML tags.
 */
export function escapeInline(text: string): string {
  return oneLine(text).replace(/[!-/:-@[-`{-~]/g, (c) => `\\${c}`);
}

export function fenced(content: string): string {
  const text = cleanText(content);
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return `${fence}text\n${text}${text.endsWith('\n') || !text ? '' : '\n'}${fence}`;
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
  const parts = [`## ${escapeInline(messageHeading(message))}`, '', fenced(message.content), ''];
  if (message.error) parts.push(`Error: ${escapeInline(message.error)}`, '');
  const sources = sourcesOf(message.searchResults);
  if (sources.length) parts.push('Sources:', '', ...sources.map((s) => `- ${escapeInline(describeSource(s))}`), '');
  const tools = toolCallLines(message.toolCalls);
  if (tools.length) parts.push('Tool calls:', '', ...tools.map((line) => `- ${escapeInline(line)}`), '');
  return `${parts.join('\n')}\n`;
}
