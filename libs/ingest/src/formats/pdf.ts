import type { PDFParse } from 'pdf-parse';
import { type ParsedDocument, UnreadableDocumentError } from '../types';
import { firstLine } from './docx';
import { bodySize, headingLevels, type Line, type TextItem, toBlocks, toLines } from './pdf-layout';
import { SectionWriter } from './text';

/**
 * Text of each page with pdf.js (through pdf-parse), at least one section per
 * page so every chunk knows its page. Lines set clearly larger than the body
 * text become headings (levels by size), wider gaps start paragraphs, and lines
 * wrapped by the page width are joined. Scanned PDFs (images only) have no text
 * layer and fail as empty: OCR is out of scope.
 */
export async function parsePdf(content: Uint8Array, filename: string): Promise<ParsedDocument> {
  // Loaded when a PDF is parsed, not with this module: its bundle replaces JSON.parse and
  // Array.prototype.push with polyfills for the whole thread (core-js), which every request would pay for.
  const { PDFParse } = await import('pdf-parse');
  // pdf.js may transfer (detach) the buffer it is given, so it gets a copy.
  const parser = new PDFParse({ data: new Uint8Array(content), verbosity: 0, isEvalSupported: false });
  try {
    const pages = await readPages(parser);
    const body = bodySize(pages);
    const levels = headingLevels(pages, body);
    const writer = new SectionWriter();
    pages.forEach((lines, i) => {
      writer.split({ page: i + 1 });
      for (const block of toBlocks(lines, body, levels)) {
        if (block.kind === 'heading') writer.heading(block.text, block.level, { page: i + 1 });
        else writer.paragraph(block.text);
      }
    });
    return writer.finish();
  } catch (error) {
    throw describePdfError(error, filename);
  } finally {
    await parser.destroy().catch(() => undefined);
  }
}

interface PdfDocument {
  numPages: number;
  getPage(n: number): Promise<{ getTextContent(): Promise<{ items: (TextItem | { type: string })[] }>; cleanup(): void }>;
}

/**
 * The lines of every page, with font sizes. pdf-parse's text output drops sizes, so this reads
 * pdf.js's text items through the document pdf-parse loads (its `load()`, private in the types
 * but a plain method); should a later version hide it, the text output is the fallback.
 */
async function readPages(parser: PDFParse): Promise<Line[][]> {
  const load = (parser as unknown as { load?: () => Promise<PdfDocument> }).load;
  if (typeof load !== 'function') {
    const { pages } = await parser.getText({ pageJoiner: '' });
    return pages.map((p) =>
      reflow(p.text)
        .split('\n')
        .map((text, i) => ({ text, size: 0, y: -i * 2 })),
    );
  }
  const doc = await load.call(parser);
  const pages: Line[][] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const { items } = await page.getTextContent();
    pages.push(toLines(items.filter((item): item is TextItem => 'str' in item)));
    page.cleanup();
  }
  return pages;
}

function describePdfError(error: unknown, filename: string): UnreadableDocumentError {
  const name = error instanceof Error ? error.name : '';
  if (name === 'PasswordException') {
    return new UnreadableDocumentError(`"${filename}" is an encrypted (password-protected) PDF. Remove the password and upload it again.`, {
      code: 'document.pdf_encrypted',
    });
  }
  if (name === 'InvalidPDFException' || name === 'FormatError') {
    return new UnreadableDocumentError(`"${filename}" is not a readable PDF; it is damaged or truncated (${firstLine(error)}).`, {
      code: 'document.pdf_damaged',
    });
  }
  return new UnreadableDocumentError(`"${filename}" could not be read as a PDF (${firstLine(error)}).`, { code: 'document.pdf_damaged' });
}

/** Joins lines broken by the page width: a line not ending a sentence, followed by one starting in lower case. */
export function reflow(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/(\p{Ll})-\n(?=\p{Ll})/gu, '$1-')
    .replace(/([^.!?:;\n])\n(?=[\p{Ll}\p{N}(])/gu, '$1 ')
    .trim();
}
