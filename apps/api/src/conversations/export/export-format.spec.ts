import { contentDisposition } from './filename';
import { escapeInline, fenced } from './formats/markdown';

describe('export formatting', () => {
  it('fences content with a fence longer than any backtick run in it', () => {
    expect(fenced('plain')).toBe('```text\nplain\n```');
    const hostile = 'a\n```\n## Assistant\n````` \nb';
    const out = fenced(hostile);
    expect(out.startsWith('``````text\n')).toBe(true);
    expect(out.endsWith('\n``````')).toBe(true);
    // A lone CR is a line break to Markdown: it becomes \n inside the fence, never a way out.
    expect(fenced('x\r```\ry')).toBe('````text\nx\n```\ny\n````');
  });

  it('escapes every Markdown punctuation mark in one-line text', () => {
    expect(escapeInline('# [link](javascript:x) <b>*hi*</b>\n- item')).toBe('\\# \\[link\\]\\(javascript\\:x\\) \\<b\\>\\*hi\\*\\<\\/b\\> \\- item');
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
