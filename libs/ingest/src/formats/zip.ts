import { Inflate } from 'fflate';
import { DocumentLimitError, UnreadableDocumentError } from '../types';

/** Files a ZIP-based document may hold: a Word file has tens, an illustrated one a few hundred. */
export const MAX_ARCHIVE_ENTRIES = 10_000;
export const DEFAULT_MAX_DECOMPRESSED_BYTES = 50 * 1024 * 1024;

const EOCD = 0x06054b50;
const CENTRAL_ENTRY = 0x02014b50;
const LOCAL_ENTRY = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;
// Compressed bytes inflated at a time: deflate expands at most ~1032×, so one step adds at most ~4 MB past the limit.
const INFLATE_STEP = 4096;

/** A ZIP archive's files, inflated when read, all within one budget. */
export interface BoundedArchive {
  /** File names as stored; directories are left out. */
  readonly names: string[];
  has(name: string): boolean;
  /** The file's bytes; throws DocumentLimitError once what was read passes the budget. */
  read(name: string): Uint8Array;
}

/**
 * Opens a ZIP archive (a DOCX) within limits before any parser sees it: the central directory's
 * entry count and declared sizes are checked at once, and inflating stops as soon as the real
 * output passes `maxBytes`, since declared sizes may lie. A small file that unpacks to hundreds of
 * megabytes of XML would otherwise hold a parse thread for minutes and gigabytes. Files never read
 * (images, for a parser that wants the text) are never inflated.
 */
export function openZipWithin(content: Uint8Array, filename: string, maxBytes: number): BoundedArchive {
  const view = new DataView(content.buffer, content.byteOffset, content.byteLength);
  const entries = centralDirectory(view, filename);
  const tooBig = () =>
    new DocumentLimitError(
      `"${filename}" unpacks to more than ${megabytes(maxBytes)} (MAX_DECOMPRESSED_BYTES); it may be damaged or built to overload the server.`,
      { code: 'document.unpacked_too_large', params: { megabytes: Math.round(maxBytes / 1024 / 1024) } },
    );
  if (entries.reduce((sum, e) => sum + e.size, 0) > maxBytes) throw tooBig();

  const files = new Map(entries.filter((e) => !e.name.endsWith('/')).map((e) => [e.name, e]));
  const read = new Map<string, Uint8Array>();
  let budget = maxBytes;
  return {
    names: [...files.keys()],
    has: (name) => files.has(name),
    read(name) {
      const entry = files.get(name);
      if (!entry) throw new UnreadableDocumentError(`"${filename}" has no ${JSON.stringify(name.slice(0, 100))} inside.`, { code: 'document.docx_damaged' });
      let bytes = read.get(name);
      if (!bytes) {
        const data = entryData(view, content, entry, filename);
        bytes = entry.method === STORED ? data : inflateWithin(data, budget, tooBig, filename);
        budget -= bytes.length;
        if (budget < 0) throw tooBig();
        read.set(name, bytes);
      }
      return bytes;
    },
  };
}

interface Entry {
  name: string;
  method: number;
  compressedSize: number;
  /** As declared: checked, but never trusted. */
  size: number;
  offset: number;
}

function centralDirectory(view: DataView, filename: string): Entry[] {
  const damaged = (why: string) =>
    new UnreadableDocumentError(`"${filename}" could not be read as a Word document; it may be damaged (${why}).`, { code: 'document.docx_damaged' });
  // The end record is the last 22 bytes, plus a comment of up to 64 KiB.
  let eocd = -1;
  for (let i = view.byteLength - 22; i >= Math.max(0, view.byteLength - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw damaged('no ZIP directory');
  const count = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  // Word never writes ZIP64 (archives over 4 GB or 65,535 files); nothing a document needs.
  if (count === 0xffff || at === 0xffffffff) throw damaged('ZIP64 archives are not supported');
  // Only this many entries are ever read, so a directory holding more than it declares changes nothing.
  if (count > MAX_ARCHIVE_ENTRIES) {
    throw new DocumentLimitError(
      `"${filename}" packs ${count.toLocaleString('en')} files, more than the ${MAX_ARCHIVE_ENTRIES.toLocaleString('en')} a document may hold; it may be damaged or built to overload the server.`,
      { code: 'document.too_many_files', params: { max: MAX_ARCHIVE_ENTRIES } },
    );
  }
  const decoder = new TextDecoder();
  const entries: Entry[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > view.byteLength || view.getUint32(at, true) !== CENTRAL_ENTRY) throw damaged('broken ZIP directory');
    const nameLength = view.getUint16(at + 28, true);
    const skip = nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    if (at + 46 + nameLength > view.byteLength) throw damaged('broken ZIP directory');
    entries.push({
      method: view.getUint16(at + 10, true),
      compressedSize: view.getUint32(at + 20, true),
      size: view.getUint32(at + 24, true),
      offset: view.getUint32(at + 42, true),
      name: decoder.decode(new Uint8Array(view.buffer, view.byteOffset + at + 46, nameLength)),
    });
    at += 46 + skip;
  }
  return entries;
}

function entryData(view: DataView, content: Uint8Array, entry: Entry, filename: string): Uint8Array {
  const damaged = new UnreadableDocumentError(
    `"${filename}" could not be read as a Word document; it may be damaged (broken entry ${JSON.stringify(entry.name.slice(0, 100))}).`,
    { code: 'document.docx_damaged' },
  );
  if (entry.offset + 30 > view.byteLength || view.getUint32(entry.offset, true) !== LOCAL_ENTRY) throw damaged;
  const start = entry.offset + 30 + view.getUint16(entry.offset + 26, true) + view.getUint16(entry.offset + 28, true);
  if (start + entry.compressedSize > content.byteLength) throw damaged;
  if (entry.method !== STORED && entry.method !== DEFLATED) {
    throw new UnreadableDocumentError(
      `"${filename}" could not be read as a Word document: it uses a ZIP compression method (${entry.method}) Word does not write.`,
      { code: 'document.docx_damaged' },
    );
  }
  return content.subarray(start, start + entry.compressedSize);
}

/** Inflates `data`, giving up (`tooBig`) as soon as the output passes `budget` bytes. */
function inflateWithin(data: Uint8Array, budget: number, tooBig: () => Error, filename: string): Uint8Array {
  const parts: Uint8Array[] = [];
  let size = 0;
  const inflate = new Inflate((part) => {
    size += part.length;
    if (size > budget) throw tooBig();
    parts.push(part);
  });
  try {
    for (let at = 0; at < data.length || at === 0; at += INFLATE_STEP) inflate.push(data.subarray(at, at + INFLATE_STEP), at + INFLATE_STEP >= data.length);
  } catch (error) {
    if (error instanceof DocumentLimitError) throw error;
    throw new UnreadableDocumentError(`"${filename}" could not be read as a Word document; it may be damaged (${(error as Error).message}).`, {
      code: 'document.docx_damaged',
    });
  }
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toLocaleString('en', { maximumFractionDigits: 1 })} MB`;
}
