import mammoth from 'mammoth';
import { DocumentLimitError, type ParsedDocument, UnreadableDocumentError } from '../types';
import { parseHtml } from './html';
import { type BoundedArchive, DEFAULT_MAX_DECOMPRESSED_BYTES, openZipWithin } from './zip';

/**
 * Word documents through mammoth's semantic HTML, so Heading 1-6 styles become sections and tables
 * keep their rows. The archive is opened by `openZipWithin`, within `maxDecompressedBytes`, and
 * mammoth reads its files through it (its `file` input: what it builds itself from a buffer), so
 * it never inflates anything on its own. Images are not read: the text is all we index.
 */
export async function parseDocx(content: Uint8Array, filename: string, maxDecompressedBytes = DEFAULT_MAX_DECOMPRESSED_BYTES): Promise<ParsedDocument> {
  let html: string;
  try {
    const archive = openZipWithin(content, filename, maxDecompressedBytes);
    try {
      html = await convert(archive, new Set());
    } catch (error) {
      // Styles only name the headings: a document whose styles part is broken is read without it
      // (mammoth then knows headings by their built-in ids, Heading1…), rather than refused.
      if (!archive.has(STYLES_PART)) throw error;
      html = await convert(archive, new Set([STYLES_PART]));
    }
  } catch (error) {
    if (error instanceof DocumentLimitError || error instanceof UnreadableDocumentError) throw error;
    throw new UnreadableDocumentError(`"${filename}" could not be read as a Word document: ${plainReason(error)}`, { code: 'document.docx_damaged' });
  }
  return parseHtml(html);
}

const STYLES_PART = 'word/styles.xml';

async function convert(archive: BoundedArchive, hidden: Set<string>): Promise<string> {
  const input = { file: asMammothZip(archive, hidden) } as unknown as Parameters<typeof mammoth.convertToHtml>[0];
  return (await mammoth.convertToHtml(input, { convertImage: mammoth.images.imgElement(async () => ({ src: '' })) })).value;
}

/** What went wrong in the words of someone who made the file, never the XML parser's or mammoth's internals. */
function plainReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/body element/i.test(message)) return 'it has no document text (word/document.xml has no body); it may be damaged.';
  if (/xmldom|parse error|invalid doc|unclosed|mismatched/i.test(message))
    return 'its text is not well-formed XML; it may be damaged. Open it in Word and save it again.';
  return 'it may be damaged. Open it in Word and save it again, or upload it as PDF.';
}

/** The archive as mammoth reads one (lib/zipfile.js: exists, and read with an optional encoding). */
function asMammothZip(archive: BoundedArchive, hidden: Set<string>) {
  return {
    exists: (name: string) => !hidden.has(name) && archive.has(name),
    read: async (name: string, encoding?: string) => {
      const bytes = archive.read(name);
      if (encoding === 'base64') return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
      return encoding ? new TextDecoder(encoding).decode(bytes) : bytes;
    },
  };
}

export function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0].slice(0, 200).trim() || 'unknown error';
}
