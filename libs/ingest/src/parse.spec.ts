import { detectType, EmptyDocumentError, parseDocument, SUPPORTED_TYPES, UnsupportedDocumentError } from './parse';

const parse = (filename: string, content: string | Buffer, mimeType = '') =>
  parseDocument({ filename, mimeType, content: Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8') });

describe('detectType', () => {
  it.each([
    ['notes.txt', 'text/plain', 'text'],
    ['notes.md', 'text/markdown', 'markdown'],
    ['notes.txt', 'text/markdown; charset=utf-8', 'markdown'],
    ['README.MD', 'text/plain', 'markdown'],
    ['guide.markdown', 'application/octet-stream', 'markdown'],
    ['notes.txt', '', 'text'],
    ['notes.txt', undefined, 'text'],
    ['notes', 'text/plain', 'text'],
    ['report.pdf', 'application/octet-stream', null],
    ['report.pdf', 'application/pdf', null],
    ['notes.txt', 'application/pdf', null],
    ['.md', '', null],
  ])('%s (%s) is %s', (filename, mime, expected) => {
    expect(detectType(filename, mime)).toBe(expected);
  });

  it('lists extensions and MIME types', () => {
    expect(SUPPORTED_TYPES.markdown.extensions).toEqual(['.md', '.markdown']);
    expect(SUPPORTED_TYPES.text.mimeTypes).toContain('text/plain');
  });
});

describe('parseDocument', () => {
  it('reads plain text as one section without a heading', () => {
    const doc = parse('a.txt', '\n  # not a heading in plain text\r\nsecond line\r\n\n');
    expect(doc.text).toBe('\n  # not a heading in plain text\nsecond line\n\n');
    expect(doc.sections).toEqual([{ heading: null, level: 0, text: '# not a heading in plain text\nsecond line', startOffset: 3 }]);
  });

  it('strips a UTF-8 BOM', () => {
    const doc = parse('a.md', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('# Title\nbody')]));
    expect(doc.text).toBe('# Title\nbody');
    expect(doc.sections[0]).toMatchObject({ heading: 'Title', text: 'body' });
  });

  it('rejects binary content with NUL bytes', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);
    expect(() => parse('image.txt', png)).toThrow(UnsupportedDocumentError);
    expect(() => parse('image.txt', png)).toThrow(/binary/);
  });

  it('rejects content that is mostly invalid UTF-8 but tolerates a stray byte', () => {
    const latin1 = Buffer.from('Café, crème brûlée, façade, naïve, déjà vu.', 'latin1');
    expect(() => parse('menu.txt', latin1)).toThrow(/not valid UTF-8/);

    const stray = Buffer.concat([Buffer.from('He said '), Buffer.from([0x93]), Buffer.from('hello'.repeat(100))]);
    expect(parse('quote.txt', stray).sections[0].text).toContain('\uFFFD');
    // A U+FFFD written in the file is content, not damage.
    expect(parse('a.txt', '\uFFFD'.repeat(20) + ' ok').sections).toHaveLength(1);
  });

  it('names the supported types when rejecting a file type', () => {
    let error: unknown;
    try {
      parse('slides.pptx', 'x', 'application/vnd.openxmlformats-officedocument.presentationml.presentation');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnsupportedDocumentError);
    expect((error as Error).name).toBe('UnsupportedDocumentError');
    expect((error as Error).message).toMatch(/slides\.pptx/);
    for (const t of ['.txt', 'text/plain', '.md', '.markdown', 'text/markdown']) expect((error as Error).message).toContain(t);
  });

  it.each([
    ['empty.txt', ''],
    ['blank.txt', ' \n\t\r\n '],
    ['bom.txt', '\uFEFF  \n'],
    ['front.md', '---\ntitle: x\n---\n\n'],
    ['headings.md', '# Title\n\n## Sub\n'],
  ])('raises EmptyDocumentError for %s', (filename, content) => {
    expect(() => parse(filename, content)).toThrow(EmptyDocumentError);
    try {
      parse(filename, content);
    } catch (e) {
      expect((e as Error).name).toBe('EmptyDocumentError');
    }
  });
});
