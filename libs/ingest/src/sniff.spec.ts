import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EmptyDocumentError, MIME_TYPES, parseDocument, sniffDocument, UnsupportedDocumentError } from './parse';

const fixture = (name: string) => readFileSync(join(__dirname, '../../../test/fixtures/documents', name));
const text = (s: string) => Buffer.from(s, 'utf8');

describe('sniffDocument', () => {
  it.each([
    // Content decides, whatever the name and the declared type say.
    ['travel-policy.pdf', 'scan.bin', 'application/octet-stream', 'pdf'],
    ['travel-policy.pdf', 'report.txt', 'text/plain', 'pdf'],
    ['handbook.docx', 'handbook', '', 'docx'],
    ['handbook.docx', 'handbook.pdf', 'application/pdf', 'docx'],
    ['office-guide.html', 'page.txt', 'text/plain', 'html'],
    ['prices.csv', 'prices.csv', '', 'csv'],
    ['notes.md', 'notes.md', '', 'markdown'],
    ['notes.md', 'notes.md', 'application/octet-stream', 'markdown'],
  ])('%s uploaded as %s (%s) is %s', (file, name, mime, type) => {
    expect(sniffDocument(fixture(file), name, mime)).toEqual({ type, mimeType: MIME_TYPES[type as keyof typeof MIME_TYPES] });
  });

  it.each([
    ['notes.txt', 'text/plain', 'Hello.', 'text'],
    ['notes', undefined, 'Hello.', 'text'],
    ['notes.txt', 'text/markdown; charset=utf-8', '# Hi', 'markdown'],
    ['README.MD', 'text/plain', '# Hi', 'markdown'],
    ['data.tsv', '', 'a\tb\n1\t2', 'csv'],
    ['export', 'text/csv', 'a,b\n1,2', 'csv'],
    ['page', '', '<!-- saved --><!DOCTYPE html><html><p>Hi</p></html>', 'html'],
    ['page.htm', '', '<p>Fragment</p>', 'html'],
    ['script.py', 'text/x-python', 'print("hi")', 'text'],
  ])('%s (%s) with text content is %s', (name, mime, content, type) => {
    expect(sniffDocument(text(content), name, mime).type).toBe(type);
  });

  it('rejects binary under a text name, ZIPs that are not Word, and old Office files', () => {
    expect(() => sniffDocument(fixture('binary.txt'), 'binary.txt', 'text/plain')).toThrow(UnsupportedDocumentError);
    expect(() => sniffDocument(fixture('binary.txt'), 'binary.txt', 'text/plain')).toThrow(/binary/);
    expect(() => sniffDocument(Buffer.from('PK\x03\x04xl/workbook.xml'), 'book.xlsx', '')).toThrow(/not a Word/);
    expect(() => sniffDocument(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 1, 2]), 'old.doc', 'application/msword')).toThrow(/\.docx/);
    expect(() => sniffDocument(Buffer.from('Café crème brûlée façade', 'latin1'), 'menu.txt', 'text/plain')).toThrow(/UTF-8/);
  });

  it('reads UTF-16 with a byte order mark (Windows "Unicode" text and Excel exports)', async () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('name\tprice\nЧай\t3\n', 'utf16le')]);
    expect(sniffDocument(le, 'export.tsv', '')).toEqual({ type: 'csv', mimeType: 'text/csv' });
    expect((await parseDocument({ filename: 'export.tsv', content: le })).sections[0].text).toBe('name: Чай\nprice: 3');
    const be = Buffer.from(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<html><p>Hi</p>', 'utf16le')]).swap16());
    expect(sniffDocument(be, 'page', '').type).toBe('html');
    const noise = Buffer.concat([Buffer.from([0xff, 0xfe]), fixture('binary.txt')]);
    expect(() => sniffDocument(noise, 'noise.txt', '')).toThrow(/binary/);
  });

  it('rejects an empty file', () => {
    expect(() => sniffDocument(fixture('empty.txt'), 'empty.txt', 'text/plain')).toThrow(EmptyDocumentError);
  });

  it('looks at a sample only, and does not count a character cut at its end as damage', () => {
    const big = Buffer.from('я'.repeat(40_000), 'utf8'); // 80,000 bytes; the 64 KiB sample ends on a character boundary or inside one
    expect(sniffDocument(big, 'ru.txt', '').type).toBe('text');
    expect(sniffDocument(Buffer.concat([Buffer.from('a'), big]), 'ru.txt', '').type).toBe('text');
  });
});
