import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chunkDocument } from '../chunk';
import { EmptyDocumentError, parseDocument, UnreadableDocumentError, UnsupportedDocumentError } from '../parse';
import { guessDelimiter, parseCsv } from './csv';
import { parseHtml } from './html';
import { reflow } from './pdf';
import { bodySize, headingLevels, toBlocks, toLines } from './pdf-layout';

const dir = join(__dirname, '../../../../test/fixtures/documents');
const parseFixture = (name: string, mimeType = '') => parseDocument({ filename: name, mimeType, content: readFileSync(join(dir, name)) });
const countTokens = (text: string) => text.split(/\s+/).filter(Boolean).length;
const failure = (name: string) =>
  parseFixture(name).then(
    () => {
      throw new Error(`${name} parsed`);
    },
    (e: Error) => e,
  );

describe('PDF', () => {
  it('keeps the page of each section, finds headings by size and paragraphs by spacing, and reads Cyrillic', async () => {
    const doc = await parseFixture('travel-policy.pdf');
    expect(doc.type).toBe('pdf');
    expect(doc.sections.map((s) => [s.heading, s.level, s.page])).toEqual([
      ['Travel policy', 1, 1],
      ['Hotel allowance', 1, 2],
      ['Суточные', 1, 3],
    ]);
    expect(doc.sections[1].text).toBe(
      'The hotel allowance is 180 euros per night in capital cities and 120 euros elsewhere.\n\nBreakfast is included in the allowance; minibar costs are never refunded.',
    );
    expect(doc.sections[2].text).toContain('Суточные составляют сорок евро в день и выплачиваются после возвращения из поездки.');
    for (const s of doc.sections) expect(doc.text.slice(s.startOffset, s.startOffset + s.text.length)).toBe(s.text);
  });

  it('carries a heading onto the next page and ranks heading sizes', () => {
    const item = (str: string, size: number, y: number) => ({ str, transform: [size, 0, 0, size, 50, y], width: str.length * size * 0.5, hasEOL: true });
    const pages = [
      [
        item('Guide', 20, 700),
        item('Install', 14, 660),
        item('Body text that is long enough to be the body of the page.', 10, 640),
        item('More body text on the next line of it.', 10, 628),
      ],
      [item('Still installing on the next page.', 10, 700)],
    ].map(toLines);
    const body = bodySize(pages);
    expect(body).toBe(10);
    const levels = headingLevels(pages, body);
    expect(toBlocks(pages[0], body, levels)).toEqual([
      { kind: 'heading', text: 'Guide', level: 1 },
      { kind: 'heading', text: 'Install', level: 2 },
      { kind: 'paragraph', text: 'Body text that is long enough to be the body of the page. More body text on the next line of it.' },
    ]);
  });

  it('puts the page in every chunk', async () => {
    const doc = await parseFixture('travel-policy.pdf');
    const chunks = chunkDocument(doc, { maxTokens: 12, overlapTokens: 2, countTokens });
    const hotel = chunks.find((c) => c.text.includes('180 euros'));
    expect(hotel?.metadata.page).toBe(2);
    expect(chunks.find((c) => c.text.includes('сорок евро'))?.metadata.page).toBe(3);
    expect(new Set(chunks.map((c) => c.metadata.page))).toEqual(new Set([1, 2, 3]));
  });

  it('fails an encrypted PDF and a damaged one with a reason', async () => {
    const encrypted = await failure('encrypted.pdf');
    expect(encrypted).toBeInstanceOf(UnreadableDocumentError);
    expect(encrypted.message).toMatch(/encrypted.*password/);
    // The code the web app says it by in the reader's language.
    expect((encrypted as UnreadableDocumentError).problem).toEqual({ code: 'document.pdf_encrypted' });
    const corrupt = await failure('corrupt.pdf');
    expect(corrupt).toBeInstanceOf(UnreadableDocumentError);
    expect(corrupt.message).toMatch(/damaged or truncated/);
    expect((corrupt as UnreadableDocumentError).problem).toEqual({ code: 'document.pdf_damaged' });
    const truncated = readFileSync(join(dir, 'travel-policy.pdf')).subarray(0, 6000);
    await expect(parseDocument({ filename: 'cut.pdf', content: truncated })).rejects.toThrow(UnreadableDocumentError);
  });

  it('joins lines wrapped by the page width but keeps sentence ends', () => {
    expect(reflow('The allowance is\n180 euros per\nnight.\nTrains are preferred.')).toBe('The allowance is 180 euros per night.\nTrains are preferred.');
  });
});

describe('DOCX', () => {
  it('keeps headings as sections and tables as rows', async () => {
    const doc = await parseFixture('handbook.docx');
    expect(doc.type).toBe('docx');
    expect(doc.sections.map((s) => [s.heading, s.level])).toEqual([
      ['Employee handbook', 1],
      ['Leave', 2],
      ['Equipment', 2],
    ]);
    expect(doc.sections[1].text).toBe(
      'Parental leave is sixteen weeks at full pay.\n\nAnnual leave is twenty-eight days, and unused days expire at the end of March.',
    );
    expect(doc.sections[2].text).toContain('Item | Budget in euros\nLaptop | 1500\nMonitor | 300');
    const chunks = chunkDocument(doc, { countTokens });
    expect(chunks.find((c) => c.text.includes('sixteen weeks'))?.metadata.headingPath).toEqual(['Employee handbook', 'Leave']);
  });

  it('fails a damaged one with a reason', async () => {
    const error = await failure('corrupt.docx');
    expect(error).toBeInstanceOf(UnreadableDocumentError);
    expect(error.message).toMatch(/corrupt\.docx.*Word document.*damaged/);
  });
});

describe('HTML', () => {
  it('keeps the main text and headings, without navigation, scripts, styles, header, aside or footer', async () => {
    const doc = await parseFixture('office-guide.html');
    expect(doc.type).toBe('html');
    for (const gone of ['do-not-index', 'secret-style-rule', 'Home navigation', 'Header banner', 'Sidebar', 'Copyright', 'Enable JavaScript'])
      expect(doc.text).not.toContain(gone);
    expect(doc.sections.map((s) => [s.heading, s.level])).toEqual([
      ['Office guide', 1],
      ['Parking', 2],
      ['Bicycles', 3],
      ['Kitchen', 2],
    ]);
    expect(doc.sections[0].text).toBe('The office opens at eight & closes at six on weekdays.');
    expect(doc.sections[1].text).toBe('Visitors park on level 2 of the garage. Ask reception for a ticket.');
    expect(doc.sections[2].text).toBe('- Racks are beside the north entrance.\n- Showers are on the ground floor.');
    expect(doc.sections[3].text).toBe('Coffee is free. Please wash your cup after use.\n\nDay | Lunch\nMonday | Soup');
    const chunks = chunkDocument(doc, { countTokens });
    expect(chunks.find((c) => c.text.includes('Racks'))?.metadata.headingPath).toEqual(['Office guide', 'Parking', 'Bicycles']);
  });

  it('uses the body when there is no main element, and keeps an article header', () => {
    const doc = parseHtml('<body><nav>menu</nav><article><header><h1>Title</h1></header><p>Text <br>next line</p></article><footer>f</footer></body>');
    expect(doc.sections).toEqual([{ heading: 'Title', level: 1, text: 'Text\nnext line', startOffset: expect.any(Number) }]);
    expect(parseHtml('<div role="navigation">menu</div><p hidden>secret</p><p>Body text.</p>').text).toBe('Body text.');
    expect(parseHtml('<table><tr><td><p>Line one</p><p>Line two</p></td><td>x &amp; y</td></tr></table>').text).toBe('Line one Line two | x & y');
  });
});

describe('CSV', () => {
  it('makes each row a section of "column: value" lines, and small rows share a passage', async () => {
    const doc = await parseFixture('prices.csv');
    expect(doc.type).toBe('csv');
    expect(doc.sections.map((s) => s.row)).toEqual([1, 2, 3]);
    expect(doc.sections[0].text).toBe('product: Laptop stand\nprice_eur: 39\ndescription: Aluminium, adjustable height');
    expect(doc.sections[2].text).toBe('product: Ergonomic chair\nprice_eur: 420\ndescription: Chair with lumbar support, "best seller"');
    const chunks = chunkDocument(doc, { countTokens });
    expect(chunks).toHaveLength(1);
    expect(chunks[0].text).toBe(doc.sections.map((s) => s.text).join('\n\n'));
    expect(chunks[0].metadata).toMatchObject({ row: 1, lastRow: 3 });
  });

  it('groups consecutive rows up to the chunk size, never cutting or repeating a row that fits', () => {
    const rows = Array.from({ length: 30 }, (_, i) => `${i + 1},item ${i + 1},in stock`);
    const doc = parseCsv(['id,name,state', ...rows].join('\n'), 'stock.csv');
    // A row is "id: 7 / name: item 7 / state: in stock": 8 words, so three fill 24.
    const chunks = chunkDocument(doc, { maxTokens: 24, overlapTokens: 5, countTokens });
    expect(chunks.map((c) => [c.metadata.row, c.metadata.lastRow])).toEqual(Array.from({ length: 10 }, (_, i) => [3 * i + 1, 3 * i + 3]));
    for (const c of chunks) {
      expect(c.text).toBe(
        doc.sections
          .slice(c.metadata.row! - 1, c.metadata.lastRow)
          .map((s) => s.text)
          .join('\n\n'),
      );
      expect(doc.text.slice(c.metadata.startOffset, c.metadata.endOffset)).toBe(c.text);
    }
  });

  it('cuts a row too big for one passage on its own, between rows that still share theirs', () => {
    const long = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
    const doc = parseCsv(`id,text\n1,short\n2,short\n3,${long}\n4,short\n5,short\n`, 'mixed.csv');
    const chunks = chunkDocument(doc, { maxTokens: 25, overlapTokens: 4, countTokens });
    expect(chunks.map((c) => [c.metadata.row, c.metadata.lastRow])).toEqual([
      [1, 2],
      [3, 3],
      [3, 3],
      [3, 3],
      [4, 5],
    ]);
    expect(chunks.slice(1, 4).every((c) => c.tokenCount <= 25)).toBe(true);
    expect(chunks.map((c) => c.text).join(' ')).toContain('word59');
  });

  it('guesses the delimiter, tolerates ragged rows and handles many rows', () => {
    expect(guessDelimiter('a;b;"c;d"\n1;2;3')).toBe(';');
    expect(guessDelimiter('name\tprice\n')).toBe('\t');
    expect(parseCsv('a;b\n1;2;3\n', 'x.csv').sections[0].text).toBe('a: 1\nb: 2\ncolumn 3: 3');
    const big = ['id,name', ...Array.from({ length: 50_000 }, (_, i) => `${i},item ${i}`)].join('\n');
    const doc = parseCsv(big, 'big.csv');
    expect(doc.sections).toHaveLength(50_000);
    expect(doc.sections[49_999].text).toBe('id: 49999\nname: item 49999');
  });

  it('fails malformed CSV with the line', () => {
    expect(() => parseCsv('a,b\n"unclosed,1\n', 'bad.csv')).toThrow(UnreadableDocumentError);
  });
});

describe('other fixtures', () => {
  it('reads Markdown, and fails the empty and the binary file with a reason', async () => {
    expect((await parseFixture('notes.md')).sections.map((s) => s.heading)).toEqual(['Release notes', 'Version 2']);
    expect(await failure('empty.txt')).toBeInstanceOf(EmptyDocumentError);
    const binary = await failure('binary.txt');
    expect(binary).toBeInstanceOf(UnsupportedDocumentError);
    expect(binary.message).toMatch(/binary\.txt.*binary file/);
  });
});
