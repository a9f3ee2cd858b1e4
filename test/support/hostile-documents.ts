import { strToU8, unzipSync, zipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const HANDBOOK = join(__dirname, '../fixtures/documents/handbook.docx');
const EMPTY_PARAGRAPH = '<w:p><w:r><w:t>x</w:t></w:r></w:p>';

/**
 * A real Word document (the handbook fixture) whose document.xml also holds `bytes` of tiny
 * paragraphs: an element bomb, a few hundred KB that unpack to `bytes`. `lying`: the ZIP's
 * headers declare document.xml a few KB, so only the real output can give it away.
 */
export function docxBomb(bytes: number, { lying = false } = {}): Uint8Array {
  const files = unzipSync(readFileSync(HANDBOOK));
  const xml = new TextDecoder().decode(files['word/document.xml']);
  files['word/document.xml'] = strToU8(xml.replace('<w:body>', `<w:body>${EMPTY_PARAGRAPH.repeat(Math.ceil(bytes / EMPTY_PARAGRAPH.length))}`));
  const zip = zipSync(files, { level: 6 });
  if (lying) declareSize(zip, 'word/document.xml', 4096);
  return zip;
}

/** The handbook with `count` extra (empty) files packed beside its parts. */
export function docxWithEntries(count: number): Uint8Array {
  const files: Record<string, Uint8Array> = unzipSync(readFileSync(HANDBOOK));
  for (let i = 0; i < count; i++) files[`customXml/item${i}.xml`] = new Uint8Array(0);
  return zipSync(files, { level: 0 });
}

/** Rewrites the uncompressed size of `name` in its local header and in the central directory. */
function declareSize(zip: Uint8Array, name: string, size: number): void {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const target = strToU8(name);
  const nameAt = (at: number, length: number) => length === target.length && target.every((b, i) => zip[at + i] === b);
  for (let at = 0; at + 46 < zip.length; at++) {
    const signature = view.getUint32(at, true);
    if (signature === 0x04034b50 && nameAt(at + 30, view.getUint16(at + 26, true))) view.setUint32(at + 22, size, true);
    if (signature === 0x02014b50 && nameAt(at + 46, view.getUint16(at + 28, true))) view.setUint32(at + 24, size, true);
  }
}
