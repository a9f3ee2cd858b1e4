import { strToU8, zipSync } from 'fflate';
import { parseDocument, UnreadableDocumentError } from '../parse';

// The smallest Word document Word itself opens: content types, the package relationship and the
// body. No word/styles.xml, no document relationships: generators that write only these exist.
const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
  <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
  <Default Extension="xml" ContentType="application/xml"/>
  <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>`;
const RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
  <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>`;
const paragraph = (text: string, style?: string) =>
  `<w:p>${style ? `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>` : ''}<w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;
const body = (paragraphs: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${paragraphs}</w:body></w:document>`;

function docx(files: Record<string, string>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, strToU8(text)])));
}

const parse = (content: Uint8Array, filename = 'minimal.docx') => parseDocument({ filename, mimeType: '', content });

describe('a DOCX without a styles part', () => {
  it('is read: its paragraphs, and headings by their built-in style ids', async () => {
    const doc = await parse(
      docx({
        '[Content_Types].xml': CONTENT_TYPES,
        '_rels/.rels': RELS,
        'word/document.xml': body(
          paragraph('Remote work', 'Heading1') + paragraph('Staff may work from home two days a week.') + paragraph('Отпуск составляет 28 дней.'),
        ),
      }),
    );
    expect(doc.type).toBe('docx');
    expect(doc.text).toContain('Staff may work from home two days a week.');
    expect(doc.text).toContain('Отпуск составляет 28 дней.');
    expect(doc.sections.map((s) => s.heading)).toContain('Remote work');
  });

  it('is read when its styles part is broken (empty or not XML): the text does not depend on it', async () => {
    for (const styles of ['', '<w:styles><w:style']) {
      const doc = await parse(
        docx({
          '[Content_Types].xml': CONTENT_TYPES,
          '_rels/.rels': RELS,
          'word/document.xml': body(paragraph('Leave', 'Heading1') + paragraph('Sixteen weeks.')),
          'word/styles.xml': styles,
        }),
      );
      expect(doc.text).toContain('Sixteen weeks.');
      expect(doc.sections.map((s) => s.heading)).toContain('Leave');
    }
  });

  it('fails a broken body with a plain reason that names the file, never the XML parser’s internals', async () => {
    const failure = (content: Uint8Array, filename: string) =>
      parse(content, filename).then(
        () => null,
        (e: Error) => e,
      );
    const cases = [
      ['empty.docx', ''],
      ['garbled.docx', 'garbage <<'],
      ['no-body.docx', '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"></w:document>'],
    ] as const;
    for (const [filename, document] of cases) {
      const error = await failure(docx({ '[Content_Types].xml': CONTENT_TYPES, '_rels/.rels': RELS, 'word/document.xml': document }), filename);
      expect(error).toBeInstanceOf(UnreadableDocumentError);
      expect(error!.message).toMatch(new RegExp(`^"${filename.replace('.', '\\.')}" could not be read as a Word document: .*damaged`));
      expect(error!.message).not.toMatch(/xmldom|tagName|invalid doc source|are you sure|TypeError|Cannot read|undefined/);
    }
  });
});
