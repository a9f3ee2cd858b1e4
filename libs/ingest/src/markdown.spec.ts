import { splitMarkdown } from './markdown';
import { decodeText } from './formats/text';
import type { ParsedDocument } from './types';

const md = (content: string) => splitMarkdown(decodeText(Buffer.from(content), 'doc.md'));

// Every section body must be the exact slice of the document text at its offset.
function expectSlices(doc: ParsedDocument) {
  for (const s of doc.sections) expect(doc.text.slice(s.startOffset, s.startOffset + s.text.length)).toBe(s.text);
}

describe('Markdown sections', () => {
  it('splits at ATX headings with levels, keeping text before the first heading', () => {
    const doc = md(
      [
        'Intro line.',
        '',
        '# Guide',
        'Welcome.',
        '## Install ##',
        '',
        'Run the installer.',
        '',
        '### Linux',
        'Use apt.',
        '#hashtag is not a heading',
        '    # indented code is not a heading',
        '###### Deep',
        'Six.',
        '####### Seven hashes is text',
      ].join('\n'),
    );
    expect(doc.sections.map(({ heading, level, text }) => ({ heading, level, text }))).toEqual([
      { heading: null, level: 0, text: 'Intro line.' },
      { heading: 'Guide', level: 1, text: 'Welcome.' },
      { heading: 'Install', level: 2, text: 'Run the installer.' },
      { heading: 'Linux', level: 3, text: 'Use apt.\n#hashtag is not a heading\n    # indented code is not a heading' },
      { heading: 'Deep', level: 6, text: 'Six.\n####### Seven hashes is text' },
    ]);
    expectSlices(doc);
  });

  it('keeps heading-only sections so the structure survives', () => {
    const doc = splitMarkdown('# A\n## B\ntext\n#\nafter empty heading');
    expect(doc.sections.map((s) => [s.heading, s.level, s.text])).toEqual([
      ['A', 1, ''],
      ['B', 2, 'text'],
      ['', 1, 'after empty heading'],
    ]);
    expectSlices(doc);
  });

  it('does not treat # lines inside code fences as headings', () => {
    const doc = md(
      [
        '# Setup',
        '```bash',
        '# install deps',
        'npm ci',
        '',
        '## still code',
        '```',
        '~~~~python',
        '# comment',
        '~~~',
        '# also still code: a ~~~ fence needs 4 tildes to close',
        '~~~~',
        '## Usage',
        'Done.',
      ].join('\n'),
    );
    expect(doc.sections.map((s) => s.heading)).toEqual(['Setup', 'Usage']);
    expect(doc.sections[0].text).toContain('## still code');
    expect(doc.sections[0].text).toContain('# also still code');
    expect(doc.sections[0].text.endsWith('~~~~')).toBe(true);
    expectSlices(doc);
  });

  it('runs an unclosed fence to the end of the document', () => {
    expect(md('# A\n```\n# x\n').sections.map((s) => s.heading)).toEqual(['A']);
  });

  it('drops YAML front matter but keeps a thematic break that is not front matter', () => {
    const doc = md('---\ntitle: Hello\ntags: [a, b]\n---\n# Hello\nBody.\n');
    expect(doc.text).toBe('# Hello\nBody.\n');
    expect(doc.sections).toEqual([{ heading: 'Hello', level: 1, text: 'Body.', startOffset: 8 }]);

    const rule = md('---\nNot front matter, the fence never closes.\n');
    expect(rule.sections[0].text).toBe('---\nNot front matter, the fence never closes.');
    expect(md('Text\n---\nmore\n---\n').sections[0].text).toBe('Text\n---\nmore\n---');
  });

  it('normalises CRLF so offsets match the stored text', () => {
    const doc = md('# A\r\nline one\r\n\r\n## B\r\nline two\r\n');
    expect(doc.text).not.toContain('\r');
    expect(doc.sections.map((s) => s.text)).toEqual(['line one', 'line two']);
    expectSlices(doc);
  });
});
