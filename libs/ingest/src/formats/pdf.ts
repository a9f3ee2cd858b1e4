import { PDFParse } from 'pdf-parse';
import { type ParsedDocument, UnreadableDocumentError } from '../types';
import { firstLine } from './docx';
import { SectionWriter } from './text';

/**
 * Text of each page with pdf.js (through pdf-parse), one section per page so
 * every chunk knows its page. Lines that a PDF wrapped mid-sentence are joined
 * again; a line ending a sentence stays a line. Scanned PDFs (images only) have
 * no text layer and fail as empty: OCR is out of scope.
 */
export async function parsePdf(content: Uint8Array, filename: string): Promise<ParsedDocument> {
  // pdf.js may transfer (detach) the buffer it is given, so it gets a copy.
  const parser = new PDFParse({ data: new Uint8Array(content), verbosity: 0, isEvalSupported: false });
  let pages: { num: number; text: string }[];
  try {
    pages = (await parser.getText({ pageJoiner: '' })).pages;
  } catch (error) {
    throw new UnreadableDocumentError(describePdfError(error, filename));
  } finally {
    await parser.destroy().catch(() => undefined);
  }
  const writer = new SectionWriter();
  for (const page of pages) {
    writer.split({ page: page.num });
    for (const paragraph of reflow(page.text).split(/\n{2,}/)) writer.paragraph(paragraph);
  }
  return writer.finish();
}

function describePdfError(error: unknown, filename: string): string {
  const name = error instanceof Error ? error.name : '';
  if (name === 'PasswordException') return `"${filename}" is an encrypted (password-protected) PDF. Remove the password and upload it again.`;
  if (name === 'InvalidPDFException' || name === 'FormatError') return `"${filename}" is not a readable PDF; it is damaged or truncated (${firstLine(error)}).`;
  return `"${filename}" could not be read as a PDF (${firstLine(error)}).`;
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
