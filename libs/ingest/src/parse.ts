import { splitMarkdown } from './markdown';

/**
 * One stretch of a document under a single heading. `text` is the body only
 * (the heading line is in `heading`), and it is an exact slice of
 * `ParsedDocument.text` at `startOffset`, so chunk offsets can point back into
 * the stored text.
 */
export interface Section {
  heading: string | null;
  /** 1-6 for Markdown headings, 0 for text before the first heading or plain text. */
  level: number;
  text: string;
  startOffset: number;
}

export interface ParsedDocument {
  /** The decoded text (LF line endings, no BOM, Markdown front matter removed). */
  text: string;
  sections: Section[];
}

export type DocumentType = 'text' | 'markdown';

export const SUPPORTED_TYPES = {
  text: { label: 'plain text', extensions: ['.txt'], mimeTypes: ['text/plain'] },
  markdown: { label: 'Markdown', extensions: ['.md', '.markdown'], mimeTypes: ['text/markdown', 'text/x-markdown'] },
} as const satisfies Record<DocumentType, { label: string; extensions: readonly string[]; mimeTypes: readonly string[] }>;

/** Thrown for file types we cannot read and for binary content; retrying cannot help. */
export class UnsupportedDocumentError extends Error {
  override name = 'UnsupportedDocumentError';
}

/** Thrown when a document holds no text worth indexing. */
export class EmptyDocumentError extends Error {
  override name = 'EmptyDocumentError';
}

// Clients send these when they do not know the type, so the extension decides.
const GENERIC_MIME_TYPES = new Set(['', 'application/octet-stream', 'binary/octet-stream', 'application/unknown']);

// A few broken bytes (a truncated character, one stray Windows-1252 quote) should not
// lose a whole document, but text in another encoding should be re-saved, not garbled.
const MAX_INVALID_RATIO = 0.005;
const MIN_INVALID_ALLOWED = 2;

export function supportedTypesText(): string {
  return Object.values(SUPPORTED_TYPES)
    .map((t) => `${t.label} (${[...t.extensions, ...t.mimeTypes].join(', ')})`)
    .join(' and ');
}

/** Maps an upload to a document type, or null when unsupported. */
export function detectType(filename: string, mimeType?: string | null): DocumentType | null {
  const mime = (mimeType ?? '').split(';')[0].trim().toLowerCase();
  const dot = filename.lastIndexOf('.');
  const ext = dot > 0 ? filename.slice(dot).toLowerCase() : '';
  const byExt = typeOf((t) => (t.extensions as readonly string[]).includes(ext));
  const byMime = typeOf((t) => (t.mimeTypes as readonly string[]).includes(mime));

  if (byMime === 'markdown') return 'markdown';
  // Browsers and curl often label .md files text/plain; the extension is more specific.
  if (byMime === 'text') return byExt ?? 'text';
  if (GENERIC_MIME_TYPES.has(mime)) return byExt;
  return null;
}

export function parseDocument(input: { filename: string; mimeType?: string | null; content: Buffer }): ParsedDocument {
  const { filename, mimeType, content } = input;
  const type = detectType(filename, mimeType);
  if (!type) {
    throw new UnsupportedDocumentError(
      `Unsupported document type for "${filename}" (${mimeType || 'no MIME type'}). Supported: ${supportedTypesText()}.`,
    );
  }
  const text = decodeUtf8(content, filename).replace(/\r\n?/g, '\n');
  const doc = type === 'markdown' ? splitMarkdown(text) : plainText(text);
  if (!doc.sections.some((s) => s.text.length > 0)) {
    throw new EmptyDocumentError(`"${filename}" has no text to index (it is empty or holds only headings or front matter).`);
  }
  return doc;
}

function typeOf(match: (t: (typeof SUPPORTED_TYPES)[DocumentType]) => boolean): DocumentType | null {
  return (Object.keys(SUPPORTED_TYPES) as DocumentType[]).find((k) => match(SUPPORTED_TYPES[k])) ?? null;
}

function plainText(text: string): ParsedDocument {
  const start = text.length - text.trimStart().length;
  return { text, sections: [{ heading: null, level: 0, text: text.trim(), startOffset: start }] };
}

function decodeUtf8(content: Buffer, filename: string): string {
  // NUL never appears in text files; it is the cheapest reliable sign of binary (and UTF-16).
  if (content.includes(0)) {
    throw new UnsupportedDocumentError(
      `"${filename}" looks like a binary file, not text. Supported: ${supportedTypesText()}, encoded as UTF-8.`,
    );
  }
  // The default decoder drops a leading BOM and turns each invalid sequence into U+FFFD.
  const text = new TextDecoder('utf-8').decode(content);
  const invalid = count(text, '\uFFFD') - countBytes(content, Buffer.from('\uFFFD', 'utf8'));
  if (invalid > Math.max(MIN_INVALID_ALLOWED, text.length * MAX_INVALID_RATIO)) {
    throw new UnsupportedDocumentError(
      `"${filename}" is not valid UTF-8 text (${invalid} invalid byte sequences). Save it as UTF-8; supported: ${supportedTypesText()}.`,
    );
  }
  return text;
}

function count(text: string, ch: string): number {
  let n = 0;
  for (let i = text.indexOf(ch); i !== -1; i = text.indexOf(ch, i + 1)) n++;
  return n;
}

// U+FFFD written in the file itself is legitimate, so it must not count as damage.
function countBytes(buf: Buffer, seq: Buffer): number {
  let n = 0;
  for (let i = buf.indexOf(seq); i !== -1; i = buf.indexOf(seq, i + seq.length)) n++;
  return n;
}
