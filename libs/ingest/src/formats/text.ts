import { invalidSequences, MAX_INVALID_RATIO, MIN_INVALID_ALLOWED, supportedTypesText, utf16Encoding, utf16Problem } from '../sniff';
import { type ParsedDocument, type Section, UnsupportedDocumentError } from '../types';

/** Decodes UTF-8 (dropping a BOM, normalising line endings) or explains why the bytes are not text. */
export function decodeText(content: Uint8Array, filename: string): string {
  const utf16 = utf16Encoding(content);
  if (utf16) {
    const problem = utf16Problem(content, utf16);
    if (problem) throw new UnsupportedDocumentError(`"${filename}" ${problem}. Supported: ${supportedTypesText()}.`);
    return new TextDecoder(utf16).decode(content).replace(/\r\n?/g, '\n');
  }
  if (content.includes(0)) {
    throw new UnsupportedDocumentError(`"${filename}" looks like a binary file, not text. Supported: ${supportedTypesText()}.`, { code: 'document.binary' });
  }
  // The default decoder drops a leading BOM and turns each invalid sequence into U+FFFD.
  const text = new TextDecoder('utf-8').decode(content);
  const invalid = invalidSequences(text, content);
  if (invalid > Math.max(MIN_INVALID_ALLOWED, text.length * MAX_INVALID_RATIO)) {
    throw new UnsupportedDocumentError(
      `"${filename}" is not valid UTF-8 text (${invalid} invalid byte sequences). Save it as UTF-8; supported: ${supportedTypesText()}.`,
      { code: 'document.not_utf8' },
    );
  }
  return text.replace(/\r\n?/g, '\n');
}

export function plainText(text: string): ParsedDocument {
  const start = text.length - text.trimStart().length;
  return { text, sections: [{ heading: null, level: 0, text: text.trim(), startOffset: start }] };
}

/**
 * Builds a document from blocks in reading order: a heading opens a section,
 * paragraphs are joined by blank lines, and every section's text stays an exact
 * slice of the whole, as the chunker's offsets require.
 */
export class SectionWriter {
  // Pieces joined once at the end: appending to one string and slicing it per
  // section would flatten it again and again (quadratic on a 100k-row CSV).
  private readonly parts: string[] = [];
  private length = 0;
  private readonly sections: Section[] = [];
  private current: { heading: string | null; level: number; page?: number; row?: number; continued?: boolean } = { heading: null, level: 0 };
  private body: string[] = [];
  private bodyStart = 0;

  heading(heading: string, level: number, extra: { page?: number } = {}): void {
    this.close();
    // The heading line is kept in the whole text for reading, but sections hold only their body.
    this.append(heading);
    this.current = { heading, level, ...extra };
  }

  /** Starts a section that continues the current heading (a new page) or stands alone (a CSV row). */
  split(extra: { page?: number; row?: number }): void {
    const { heading, level } = this.current;
    this.close();
    this.current = { heading, level, ...extra, continued: true };
  }

  paragraph(text: string): void {
    const clean = text.trim();
    if (!clean) return;
    if (this.body.length) this.body.push('\n\n');
    else this.bodyStart = this.length + (this.length ? 2 : 0);
    this.append(clean);
    this.body.push(clean);
  }

  finish(): ParsedDocument {
    this.close();
    return { text: this.parts.join(''), sections: this.sections };
  }

  private append(text: string): void {
    if (this.length) {
      this.parts.push('\n\n');
      this.length += 2;
    }
    this.parts.push(text);
    this.length += text.length;
  }

  private close(): void {
    const { heading, level, page, row, continued } = this.current;
    const body = this.body.join('');
    // Headings with empty bodies stay: the chunker needs them to build heading paths. An empty
    // continuation (a page that starts with a new heading) adds nothing.
    if (body || (heading !== null && !continued)) {
      this.sections.push({
        heading,
        level,
        text: body,
        startOffset: body ? this.bodyStart : this.length,
        ...(page !== undefined && { page }),
        ...(row !== undefined && { row }),
      });
    }
    this.body = [];
  }
}
