import { describeSource, ratingLine } from './export-text';
import { contentDisposition } from './filename';
import { escapeInline, markdownAnswer, markdownText } from './formats/markdown';

describe('export formatting', () => {
  it('keeps an answer as Markdown, closing a fence it leaves open', () => {
    expect(markdownAnswer('**Yes** [1]\r\n\n- one\n- two')).toBe('**Yes** [1]\n\n- one\n- two');
    expect(markdownAnswer('Code:\n````ts\nconst a = 1;\n```\n## not a heading')).toBe('Code:\n````ts\nconst a = 1;\n```\n## not a heading\n````');
    expect(markdownAnswer('~~~\nx\n~~~\nafter')).toBe('~~~\nx\n~~~\nafter');
  });

  it('escapes only what Markdown needs in one-line text', () => {
    expect(escapeInline('Report 2026-12-06, travel-policy.pdf: ok (v2)')).toBe('Report 2026-12-06, travel-policy.pdf: ok (v2)');
    expect(escapeInline('# [link](javascript:x) <b>*hi*</b>\n- item')).toBe('\\# \\[link\\](javascript:x) \\<b\\>\\*hi\\*\\</b\\> - item');
    expect(escapeInline('- a')).toBe('\\- a');
    expect(escapeInline('1. a')).toBe('1\\. a');
    expect(escapeInline('Title #')).toBe('Title \\#');
    expect(escapeInline('a_b `c` &amp; |d| ~~e~~')).toBe('a\\_b \\`c\\` \\&amp; \\|d\\| \\~\\~e\\~\\~');
  });

  it("escapes a person's text line by line, keeping its line breaks", () => {
    expect(markdownText('## Fake\n```\nline two\n\n\n\n> quote')).toBe('\\## Fake\\\n\\`\\`\\`\\\nline two\n\n\\> quote');
  });

  it('names the page of a source when known, and prints ratings', () => {
    const source = { citation: 2, filename: 'travel-policy.pdf', position: 7, page: 2, excerpt: 'Trips' };
    expect(describeSource(source)).toBe('[2] travel-policy.pdf, p. 2: Trips');
    expect(describeSource({ ...source, page: null })).toBe('[2] travel-policy.pdf, passage 8: Trips');
    expect(ratingLine({ rating: 5, feedback: 'Great\nanswer' })).toBe('Rating: 5/5 · Great answer');
    expect(ratingLine({ rating: null, feedback: null })).toBeNull();
  });

  it('derives safe download names, keeping the readable one percent-encoded', () => {
    expect(contentDisposition('Budget 2026', 'md')).toBe(`attachment; filename="Budget-2026.md"; filename*=UTF-8''Budget%202026.md`);
    expect(contentDisposition('Отпуск: вопросы', 'pdf')).toBe(
      `attachment; filename="conversation.pdf"; filename*=UTF-8''${encodeURIComponent('Отпуск- вопросы.pdf')}`,
    );
    const hostile = contentDisposition('../../etc/passwd"\r\nSet-Cookie: a=b; x=(y)*\'', 'txt');
    expect(hostile).toMatch(/^attachment; filename="[A-Za-z0-9._-]+\.txt"; filename\*=UTF-8''[A-Za-z0-9%._~!-]+$/);
    expect(contentDisposition('...', 'json')).toContain('filename="conversation.json"');
    expect(contentDisposition('Café crème', 'md')).toContain('filename="Cafe-creme.md"');
  });
});
