/** Helpers shared by the export formats: clean text, times, roles and sources of a message. */

/** Line breaks as \n only (a lone \r is a line break to Markdown too), no control characters but tabs. */
export function cleanText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}

/** One line: every kind of line break and control character becomes a space. */
export function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
}

export function formatTime(date: Date | string | null): string {
  if (!date) return '';
  return `${new Date(date).toISOString().replace('T', ' ').slice(0, 19)} UTC`;
}

const ROLE_NAMES: Record<string, string> = { user: 'User', assistant: 'Assistant', system: 'System' };

/** "Assistant · 2026-11-25 10:00:00 UTC", with the status when the answer is not done. */
export function messageHeading(message: { role: string; status: string; createdAt: Date | string }): string {
  const status = message.status === 'done' ? '' : ` · ${message.status}`;
  return `${ROLE_NAMES[message.role] ?? message.role} · ${formatTime(message.createdAt)}${status}`;
}

export interface ExportSource {
  citation: number;
  filename: string;
  position: number | null;
  /** The page of the document the passage is on, when the parser knew it (PDFs). */
  page: number | null;
  excerpt: string;
}

const EXCERPT_CHARS = 200;

/** The cited passages stored with an answer, in a shape that tolerates older or odd rows. */
export function sourcesOf(searchResults: unknown): ExportSource[] {
  if (!Array.isArray(searchResults)) return [];
  return searchResults.map((raw: Record<string, unknown>, i) => {
    const text = oneLine(typeof raw?.text === 'string' ? raw.text : '');
    return {
      citation: typeof raw?.citation === 'number' ? raw.citation : i + 1,
      filename: oneLine(typeof raw?.filename === 'string' ? raw.filename : 'unknown document'),
      position: typeof raw?.position === 'number' ? raw.position : null,
      page: pageOf(raw?.metadata),
      excerpt: text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}…` : text,
    };
  });
}

function pageOf(metadata: unknown): number | null {
  const page = (metadata as Record<string, unknown> | null)?.page;
  return typeof page === 'number' && Number.isInteger(page) && page > 0 ? page : null;
}

/** "[1] travel-policy.pdf, p. 2: excerpt"; the passage number only when the page is unknown. */
export function describeSource(source: ExportSource): string {
  const where = source.page !== null ? `, p. ${source.page}` : source.position === null ? '' : `, passage ${source.position + 1}`;
  return `[${source.citation}] ${source.filename}${where}${source.excerpt ? `: ${source.excerpt}` : ''}`;
}

/** One line per tool call an answer made: which tool, how it ended, and an excerpt of its result or error. */
export function toolCallLines(toolCalls: unknown): string[] {
  if (!Array.isArray(toolCalls)) return [];
  return toolCalls.map((raw: Record<string, unknown>) => {
    const tool = `${oneLine(String(raw?.server ?? ''))}/${oneLine(String(raw?.name ?? ''))}`;
    const took = typeof raw?.durationMs === 'number' ? `, ${raw.durationMs} ms` : '';
    const said = oneLine(String((raw?.status === 'done' ? raw?.result : raw?.error) ?? ''));
    return `${tool} (${String(raw?.status ?? 'unknown')}${took})${said ? `: ${said.length > EXCERPT_CHARS ? `${said.slice(0, EXCERPT_CHARS)}…` : said}` : ''}`;
  });
}

/** "Rating: 4/5 · comment", or null when the message is not rated. */
export function ratingLine(message: { rating: number | null; feedback: string | null }): string | null {
  if (typeof message.rating !== 'number') return null;
  const comment = message.feedback ? oneLine(message.feedback) : '';
  return `Rating: ${message.rating}/5${comment ? ` · ${comment}` : ''}`;
}
