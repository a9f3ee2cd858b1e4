import { unzipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { docxBomb, docxWithEntries } from '../../../../test/support/hostile-documents';
import { parseDocument } from '../parse';
import { DocumentLimitError, UnreadableDocumentError } from '../types';
import { MAX_ARCHIVE_ENTRIES, unzipWithin } from './zip';

const MB = 1024 * 1024;
const handbook = readFileSync(join(__dirname, '../../../../test/fixtures/documents/handbook.docx'));
const failure = (run: () => unknown) => Promise.resolve().then(run).then(() => { throw new Error('it did not fail'); }, (e: Error) => e);

describe('unzipWithin', () => {
  it('unpacks a real DOCX exactly as a ZIP library does', () => {
    const files = unzipWithin(handbook, 'handbook.docx', MB);
    const expected = Object.entries(unzipSync(handbook)).filter(([name]) => !name.endsWith('/'));
    expect([...files.keys()].sort()).toEqual(expected.map(([name]) => name).sort());
    for (const [name, bytes] of expected) expect(Buffer.from(files.get(name)!).equals(Buffer.from(bytes))).toBe(true);
  });

  it('refuses an archive whose declared sizes pass the limit, before inflating it', async () => {
    const error = await failure(() => unzipWithin(docxBomb(3 * MB), 'bomb.docx', MB));
    expect(error).toBeInstanceOf(DocumentLimitError);
    expect(error.message).toMatch(/"bomb\.docx" unpacks to more than 1 MB \(MAX_DECOMPRESSED_BYTES\)/);
  });

  it('stops inflating when the real output passes the limit, whatever the headers declare', async () => {
    const bomb = docxBomb(3 * MB, { lying: true });
    expect(Object.values(unzipSync(bomb, { filter: () => false }))).toEqual([]); // (sanity: still a valid ZIP)
    const error = await failure(() => unzipWithin(bomb, 'liar.docx', MB));
    expect(error).toBeInstanceOf(DocumentLimitError);
    expect(error.message).toMatch(/"liar\.docx" unpacks to more than 1 MB/);
  });

  it('refuses more entries than a document holds', async () => {
    const error = await failure(() => unzipWithin(docxWithEntries(MAX_ARCHIVE_ENTRIES), 'many.docx', 100 * MB));
    expect(error).toBeInstanceOf(DocumentLimitError);
    expect(error.message).toMatch(/"many\.docx" packs 10,0\d\d files, more than the 10,000/);
  });

  it('calls a truncated or broken archive damaged', async () => {
    expect(await failure(() => unzipWithin(handbook.subarray(0, handbook.length - 30), 'cut.docx', MB))).toBeInstanceOf(UnreadableDocumentError);
    const broken = Buffer.from(handbook);
    broken.fill(0, 40, 400); // inside the first entry's deflate stream
    expect(await failure(() => unzipWithin(broken, 'broken.docx', MB))).toBeInstanceOf(UnreadableDocumentError);
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
