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
    const input = { file: asMammothZip(archive) } as unknown as Parameters<typeof mammoth.convertToHtml>[0];
    html = (await mammoth.convertToHtml(input, { convertImage: mammoth.images.imgElement(async () => ({ src: '' })) })).value;
  } catch (error) {
    if (error instanceof DocumentLimitError || error instanceof UnreadableDocumentError) throw error;
    throw new UnreadableDocumentError(`"${filename}" could not be read as a Word document; it may be damaged (${firstLine(error)}).`);
  }
  return parseHtml(html);
}

/** The archive as mammoth reads one (lib/zipfile.js: exists, and read with an optional encoding). */
function asMammothZip(archive: BoundedArchive) {
  return {
    exists: (name: string) => archive.has(name),
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
