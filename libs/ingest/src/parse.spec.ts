import { EmptyDocumentError, parseDocument, UnsupportedDocumentError } from './parse';

const parse = (filename: string, content: string | Buffer, mimeType = '') =>
  parseDocument({ filename, mimeType, content: Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8') });

describe('parseDocument', () => {
  it('reads plain text as one section without a heading', async () => {
    const doc = await parse('a.txt', '\n  # not a heading in plain text\r\nsecond line\r\n\n');
    expect(doc.text).toBe('\n  # not a heading in plain text\nsecond line\n\n');
    expect(doc.sections).toEqual([{ heading: null, level: 0, text: '# not a heading in plain text\nsecond line', startOffset: 3 }]);
  });

  it('strips a UTF-8 BOM', async () => {
    const doc = await parse('a.md', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('# Title\nbody')]));
    expect(doc.text).toBe('# Title\nbody');
    expect(doc.sections[0]).toMatchObject({ heading: 'Title', text: 'body' });
  });

  it('rejects binary content with NUL bytes', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);
    await expect(parse('image.txt', png)).rejects.toThrow(UnsupportedDocumentError);
    await expect(parse('image.txt', png)).rejects.toThrow(/binary/);
  });

  it('rejects content that is mostly invalid UTF-8 but tolerates a stray byte', async () => {
    const latin1 = Buffer.from('Café, crème brûlée, façade, naïve, déjà vu.', 'latin1');
    await expect(parse('menu.txt', latin1)).rejects.toThrow(/not valid UTF-8/);

    const stray = Buffer.concat([Buffer.from('He said '), Buffer.from([0x93]), Buffer.from('hello'.repeat(100))]);
    expect((await parse('quote.txt', stray)).sections[0].text).toContain('\uFFFD');
    // A U+FFFD written in the file is content, not damage.
    expect((await parse('a.txt', '\uFFFD'.repeat(20) + ' ok')).sections).toHaveLength(1);
  });

  it('names the supported types when rejecting a file type', async () => {
    const pptx = Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.from('ppt/presentation.xml')]);
    const error = await parse('slides.pptx', pptx, 'application/vnd.openxmlformats-officedocument.presentationml.presentation').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedDocumentError);
    expect((error as Error).name).toBe('UnsupportedDocumentError');
    expect((error as Error).message).toMatch(/slides\.pptx/);
    for (const t of ['.txt', '.md', '.markdown', '.pdf', '.docx', '.html', '.csv', 'UTF-8']) expect((error as Error).message).toContain(t);
  });

  it.each([
    ['empty.txt', ''],
    ['blank.txt', ' \n\t\r\n '],
    ['bom.txt', '\uFEFF  \n'],
    ['front.md', '---\ntitle: x\n---\n\n'],
    ['headings.md', '# Title\n\n## Sub\n'],
    ['header-only.csv', 'name,price\n'],
    ['blank.html', '<html><body><nav>Only navigation</nav><script>x()</script></body></html>'],
  ])('raises EmptyDocumentError for %s', async (filename, content) => {
    const error = await parse(filename, content).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmptyDocumentError);
    expect((error as Error).name).toBe('EmptyDocumentError');
  });
});
