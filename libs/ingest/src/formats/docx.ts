import mammoth from 'mammoth';
import { type ParsedDocument, UnreadableDocumentError } from '../types';
import { parseHtml } from './html';

/** Word documents through mammoth's semantic HTML, so Heading 1-6 styles become sections and tables keep their rows. */
export async function parseDocx(content: Uint8Array, filename: string): Promise<ParsedDocument> {
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer: Buffer.from(content.buffer, content.byteOffset, content.byteLength) })).value;
  } catch (error) {
    throw new UnreadableDocumentError(`"${filename}" could not be read as a Word document; it may be damaged (${firstLine(error)}).`);
  }
  return parseHtml(html);
}

export function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0].slice(0, 200).trim() || 'unknown error';
}
