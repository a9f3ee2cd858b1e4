import { parseCsv } from './formats/csv';
import { parseDocx } from './formats/docx';
import { parseHtml } from './formats/html';
import { parsePdf } from './formats/pdf';
import { decodeText, plainText } from './formats/text';
import { splitMarkdown } from './markdown';
import { extensionOf, sniffDocument } from './sniff';
import { type DocumentType, EmptyDocumentError, type ParsedDocument } from './types';

export * from './types';
export { DEFAULT_MAX_DECOMPRESSED_BYTES, MAX_ARCHIVE_ENTRIES } from './formats/zip';
export { MIME_TYPES, sniffDocument, SUPPORTED_TYPES, supportedTypesText, type Sniffed } from './sniff';

export interface ParseInput {
  filename: string;
  /** As stored or declared; only tells apart text formats that look alike. */
  mimeType?: string | null;
  content: Uint8Array;
  /** How far a ZIP-based format (DOCX) may unpack; DEFAULT_MAX_DECOMPRESSED_BYTES when unset. */
  maxDecompressedBytes?: number;
}

/**
 * Bytes to sections, for any supported type. Pure (no I/O, no framework), so it
 * can run in a worker thread. Throws UnsupportedDocumentError, EmptyDocumentError,
 * UnreadableDocumentError or DocumentLimitError with a reason meant for the person who uploaded it.
 */
export async function parseDocument(input: ParseInput): Promise<ParsedDocument & { type: DocumentType }> {
  const { filename, mimeType, content } = input;
  const { type } = sniffDocument(content, filename, mimeType);
  const doc = await parseAs(type, content, filename, input.maxDecompressedBytes);
  if (!doc.sections.some((s) => s.text.length > 0)) {
    const hint = type === 'pdf' ? ' A scanned PDF holds only images; run it through OCR first.' : '';
    throw new EmptyDocumentError(`"${filename}" has no text to index (it is empty or holds only headings, front matter or a header row).${hint}`, {
      code: type === 'pdf' ? 'document.no_text_pdf' : 'document.no_text',
    });
  }
  return { ...doc, type };
}

async function parseAs(type: DocumentType, content: Uint8Array, filename: string, maxDecompressedBytes?: number): Promise<ParsedDocument> {
  switch (type) {
    case 'pdf':
      return parsePdf(content, filename);
    case 'docx':
      return parseDocx(content, filename, maxDecompressedBytes);
    case 'html':
      return parseHtml(decodeText(content, filename));
    case 'csv':
      return parseCsv(decodeText(content, filename), filename, extensionOf(filename) === '.tsv');
    case 'markdown':
      return splitMarkdown(decodeText(content, filename));
    case 'text':
      return plainText(decodeText(content, filename));
  }
}
