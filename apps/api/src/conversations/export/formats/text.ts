import { cleanText, describeSource, formatTime, messageHeading, oneLine, ratingLine, sourcesOf, toolCallLines } from '../export-text';
import type { ExportHeader, ExportMessage } from '../export.types';

/**
 * Plain-text export. Headings start at the margin, sources are indented by two spaces and
 * content by four, so nothing in a message can pass for the start of another message.
 */
const indent = (text: string, by: string) =>
  text
    .split('\n')
    .map((line) => (line ? by + line : line))
    .join('\n');

export function textHeader(header: ExportHeader): string {
  return [
    oneLine(header.title) || 'Conversation',
    `Assistant: ${oneLine(header.assistantName)}`,
    `Conversation: ${header.id}`,
    `Started: ${formatTime(header.createdAt)}`,
    `Exported: ${formatTime(header.exportedAt)}`,
    '',
    '',
  ].join('\n');
}

export function textMessage(message: ExportMessage): string {
  const lines = [`--- ${messageHeading(message)} ---`, indent(cleanText(message.content).replace(/\t/g, '    '), '    ')];
  if (message.error) lines.push(`  Error: ${oneLine(message.error)}`);
  const rating = ratingLine(message);
  if (rating) lines.push(`  ${rating}`);
  const sources = sourcesOf(message.searchResults);
  if (sources.length) lines.push('  Sources:', ...sources.map((s) => `  ${describeSource(s)}`));
  const tools = toolCallLines(message.toolCalls);
  if (tools.length) lines.push('  Tool calls:', ...tools.map((line) => `  ${line}`));
  return `${lines.join('\n')}\n\n`;
}
