import { type DocumentType, EmptyDocumentError, UnsupportedDocumentError } from './types';

/** The canonical MIME type stored for each document type, whatever the client declared. */
export const MIME_TYPES: Record<DocumentType, string> = {
  text: 'text/plain',
  markdown: 'text/markdown',
  html: 'text/html',
  csv: 'text/csv',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

export const SUPPORTED_TYPES: Record<DocumentType, { label: string; extensions: readonly string[] }> = {
  pdf: { label: 'PDF', extensions: ['.pdf'] },
  docx: { label: 'Word', extensions: ['.docx'] },
  html: { label: 'HTML', extensions: ['.html', '.htm', '.xhtml'] },
  csv: { label: 'CSV', extensions: ['.csv', '.tsv'] },
  markdown: { label: 'Markdown', extensions: ['.md', '.markdown'] },
  text: { label: 'plain text', extensions: ['.txt'] },
};

export function supportedTypesText(): string {
  return `${Object.values(SUPPORTED_TYPES)
    .map((t) => `${t.label} (${t.extensions.join(', ')})`)
    .join(', ')}; text must be UTF-8`;
}

export interface Sniffed {
  type: DocumentType;
  mimeType: string;
}

// Only this much is inspected on upload; the parser checks the whole file later, off the request thread.
const SAMPLE_BYTES = 64 * 1024;
const PDF_MAGIC = Buffer.from('%PDF-');
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const DOCX_PART = Buffer.from('word/document.xml');
const HTML_START = /^\s*(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html|head|body)[\s>]/i;
const HTML_MIME = new Set(['text/html', 'application/xhtml+xml']);
const CSV_MIME = new Set(['text/csv', 'application/csv', 'text/tab-separated-values', 'text/x-csv']);
const MARKDOWN_MIME = new Set(['text/markdown', 'text/x-markdown']);

/**
 * Decides a document's type from its bytes first (magic numbers, a UTF-8 check,
 * a look at the first tag), using the name and the declared MIME type only to
 * tell apart text formats that look alike (Markdown, CSV, plain text). Cheap:
 * reads at most the first 64 KiB, apart from a native search for the DOCX part
 * name in ZIP files. Throws UnsupportedDocumentError or EmptyDocumentError with
 * a reason a person can act on.
 */
export function sniffDocument(content: Uint8Array, filename: string, declaredMime?: string | null): Sniffed {
  const bytes = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  if (bytes.length === 0) throw new EmptyDocumentError(`"${filename}" is empty.`);
  const ext = extensionOf(filename);
  const mime = (declaredMime ?? '').split(';')[0].trim().toLowerCase();

  // The PDF header may follow a little junk (the spec allows up to 1 KiB).
  if (bytes.subarray(0, 1024).includes(PDF_MAGIC)) return as('pdf');
  if (startsWith(bytes, ZIP_MAGIC)) {
    if (bytes.includes(DOCX_PART)) return as('docx');
    throw new UnsupportedDocumentError(
      `"${filename}" is a ZIP archive but not a Word .docx document (spreadsheets, slides and archives are not supported). Supported: ${supportedTypesText()}.`,
      { code: 'document.zip_not_docx' },
    );
  }
  if (startsWith(bytes, OLE_MAGIC)) {
    throw new UnsupportedDocumentError(
      `"${filename}" is an old Office file (.doc, .xls or .ppt). Save it as .docx or PDF; supported: ${supportedTypesText()}.`,
      { code: 'document.old_office' },
    );
  }

  const sample = bytes.subarray(0, SAMPLE_BYTES);
  const utf16 = utf16Encoding(bytes);
  const problem = utf16 ? utf16Problem(sample, utf16) : textProblem(sample, bytes.length > SAMPLE_BYTES);
  if (problem) throw new UnsupportedDocumentError(`"${filename}" ${problem}. Supported: ${supportedTypesText()}.`);

  const head = new TextDecoder(utf16 ?? 'utf-8').decode(sample.subarray(0, 2048));
  if (HTML_START.test(head) || HTML_MIME.has(mime) || SUPPORTED_TYPES.html.extensions.includes(ext)) return as('html');
  if (SUPPORTED_TYPES.csv.extensions.includes(ext) || CSV_MIME.has(mime)) return as('csv');
  if (SUPPORTED_TYPES.markdown.extensions.includes(ext) || MARKDOWN_MIME.has(mime)) return as('markdown');
  return as('text');
}

/**
 * Windows tools ("Unicode" text, Excel's Unicode export) write UTF-16 with a byte order mark;
 * without the mark UTF-16 is indistinguishable from binary and is refused.
 */
export function utf16Encoding(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

/** Random bytes after an FF FE happen; real UTF-16 text decodes with next to no broken pairs or control characters. */
export function utf16Problem(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): string | null {
  const text = new TextDecoder(encoding).decode(bytes.subarray(0, bytes.length & ~1));
  const bad = (text.match(/[\uFFFD\u0000-\u0008\u000E-\u001F]/g) ?? []).length;
  return bad > Math.max(MIN_INVALID_ALLOWED, text.length * MAX_INVALID_RATIO) ? 'looks like a binary file, not text' : null;
}

function as(type: DocumentType): Sniffed {
  return { type, mimeType: MIME_TYPES[type] };
}

export function extensionOf(filename: string): string {
  const dot = filename.lastIndexOf('.');
  return dot > 0 ? filename.slice(dot).toLowerCase() : '';
}

function startsWith(bytes: Buffer, magic: Buffer): boolean {
  return bytes.length >= magic.length && bytes.subarray(0, magic.length).equals(magic);
}

// A few broken bytes (a truncated character, one stray Windows-1252 quote) should not
// lose a whole document, but text in another encoding should be re-saved, not garbled.
export const MAX_INVALID_RATIO = 0.005;
export const MIN_INVALID_ALLOWED = 2;

/** Why these bytes are not UTF-8 text, or null when they are. `truncated`: the sample may end inside a character. */
export function textProblem(bytes: Uint8Array, truncated = false): string | null {
  // NUL never appears in text files; it is the cheapest reliable sign of binary (and UTF-16).
  if (bytes.includes(0)) return 'looks like a binary file, not text';
  let end = bytes.length;
  if (truncated) {
    // Back up over an incomplete trailing character so the cut does not count as damage.
    let i = end - 1;
    while (i > 0 && end - i < 4 && (bytes[i] & 0xc0) === 0x80) i--;
    if (bytes[i] >= 0xc0) end = i;
  }
  const text = new TextDecoder('utf-8').decode(bytes.subarray(0, end));
  const invalid = invalidSequences(text, bytes.subarray(0, end));
  if (invalid > Math.max(MIN_INVALID_ALLOWED, text.length * MAX_INVALID_RATIO)) {
    return `is not valid UTF-8 text (${invalid} invalid byte sequences); save it as UTF-8`;
  }
  return null;
}

/** U+FFFD from the decoder, minus those written in the file itself (which are legitimate). */
export function invalidSequences(text: string, bytes: Uint8Array): number {
  return count(text, '\uFFFD') - countBytes(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), Buffer.from('\uFFFD', 'utf8'));
}

function count(text: string, ch: string): number {
  let n = 0;
  for (let i = text.indexOf(ch); i !== -1; i = text.indexOf(ch, i + 1)) n++;
  return n;
}

function countBytes(buf: Buffer, seq: Buffer): number {
  let n = 0;
  for (let i = buf.indexOf(seq); i !== -1; i = buf.indexOf(seq, i + seq.length)) n++;
  return n;
}
