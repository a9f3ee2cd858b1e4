import { unzipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { docxBomb, docxWithEntries } from '../../../../test/support/hostile-documents';
import { parseDocument } from '../parse';
import { DocumentLimitError, UnreadableDocumentError } from '../types';
import { MAX_ARCHIVE_ENTRIES, openZipWithin } from './zip';

const MB = 1024 * 1024;
const handbook = readFileSync(join(__dirname, '../../../../test/fixtures/documents/handbook.docx'));
const failure = (run: () => unknown) =>
  Promise.resolve()
    .then(run)
    .then(
      () => {
        throw new Error('it did not fail');
      },
      (e: Error) => e,
    );

describe('openZipWithin', () => {
  it('unpacks a real DOCX exactly as a ZIP library does', () => {
    const archive = openZipWithin(handbook, 'handbook.docx', MB);
    const expected = Object.entries(unzipSync(handbook)).filter(([name]) => !name.endsWith('/'));
    expect([...archive.names].sort()).toEqual(expected.map(([name]) => name).sort());
    for (const [name, bytes] of expected) expect(Buffer.from(archive.read(name)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('refuses an archive whose declared sizes pass the limit, before inflating it', async () => {
    const error = await failure(() => openZipWithin(docxBomb(3 * MB), 'bomb.docx', MB));
    expect(error).toBeInstanceOf(DocumentLimitError);
    expect(error.message).toMatch(/"bomb\.docx" unpacks to more than 1 MB \(MAX_DECOMPRESSED_BYTES\)/);
  });

  it('stops inflating when the real output passes the limit, whatever the headers declare', async () => {
    const bomb = docxBomb(3 * MB, { lying: true });
    const archive = openZipWithin(bomb, 'liar.docx', MB); // the headers pass
    const error = await failure(() => archive.read('word/document.xml'));
    expect(error).toBeInstanceOf(DocumentLimitError);
    expect(error.message).toMatch(/"liar\.docx" unpacks to more than 1 MB/);
  });

  it('refuses more entries than a document holds', async () => {
    const error = await failure(() => openZipWithin(docxWithEntries(MAX_ARCHIVE_ENTRIES), 'many.docx', 100 * MB));
    expect(error).toBeInstanceOf(DocumentLimitError);
    expect(error.message).toMatch(/"many\.docx" packs 10,0\d\d files, more than the 10,000/);
  });

  it('calls a truncated or broken archive damaged', async () => {
    expect(await failure(() => openZipWithin(handbook.subarray(0, handbook.length - 30), 'cut.docx', MB))).toBeInstanceOf(UnreadableDocumentError);
    const broken = Buffer.from(handbook);
    broken.fill(0, 40, 400); // inside the first entry's deflate stream
    const first = openZipWithin(broken, 'broken.docx', MB).names[0];
    expect(await failure(() => openZipWithin(broken, 'broken.docx', MB).read(first))).toBeInstanceOf(UnreadableDocumentError);
  });
});

describe('DOCX element bombs', () => {
  it.each([
    ['declared', false],
    ['hidden by lying headers', true],
  ])('fails one %s with a reason instead of parsing it', async (_label, lying) => {
    const bomb = docxBomb(3 * MB, { lying });
    expect(bomb.length).toBeLessThan(64 * 1024);
    const error = await failure(() => parseDocument({ filename: 'report.docx', content: bomb, maxDecompressedBytes: MB }));
    expect(error).toBeInstanceOf(DocumentLimitError);
    expect(error.message).toMatch(/"report\.docx" unpacks to more than 1 MB/);
  });

  it('still reads a DOCX within the limit', async () => {
    const doc = await parseDocument({ filename: 'handbook.docx', content: handbook, maxDecompressedBytes: MB });
    expect(doc.sections.map((s) => s.heading)).toEqual(['Employee handbook', 'Leave', 'Equipment']);
  });
});
