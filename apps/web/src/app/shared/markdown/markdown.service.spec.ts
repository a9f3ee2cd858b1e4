import { TestBed } from '@angular/core/testing';
import { MarkdownService } from './markdown.service';

describe('MarkdownService', () => {
  const render = (markdown: string) => TestBed.inject(MarkdownService).render(markdown);
  const dom = (html: string) => {
    const host = document.createElement('div');
    host.innerHTML = html;
    return host;
  };

  it('renders markdown', () => {
    const host = dom(render('Leave is **16 weeks** [1].\n\n- one\n- two'));
    expect(host.querySelector('strong')?.textContent).toBe('16 weeks');
    expect(host.querySelectorAll('li')).toHaveLength(2);
  });

  it('leaves nothing that runs: handlers, scripts, javascript: links, frames, forms', () => {
    const html = render(
      [
        '<img src="x" onerror="window.__xss = 1">',
        '<script>window.__xss = 2</script>',
        '[click](javascript:alert(1))',
        '<a href="javascript:alert(1)">a</a>',
        '<iframe src="https://evil.example"></iframe>',
        '<svg><script>alert(1)</script></svg>',
        '<form action="/x"><button formaction="javascript:alert(1)">b</button></form>',
        '<div style="background:url(javascript:alert(1))" onclick="alert(1)">d</div>',
      ].join('\n\n'),
    );
    const host = dom(html);
    expect(host.querySelectorAll('script, iframe, svg, form, [style]')).toHaveLength(0);
    for (const element of Array.from(host.querySelectorAll('*'))) {
      for (const attribute of Array.from(element.attributes)) {
        expect(attribute.name.startsWith('on')).toBe(false);
        expect(attribute.value.toLowerCase()).not.toContain('javascript:');
      }
    }
    expect(host.querySelector('img')?.getAttribute('src')).toBe('x');
  });

  it('highlights code and adds a copy button; code text stays text', () => {
    const host = dom(render('```js\nconst a = "<b>not bold</b>";\n```'));
    expect(host.querySelector('code.hljs.language-js, code.hljs.language-javascript')).not.toBeNull();
    expect(host.querySelector('code b')).toBeNull();
    expect(host.querySelector('code')?.textContent).toContain('"<b>not bold</b>"');
    expect(host.querySelector('button.copy-code')).not.toBeNull();
  });

  it('opens links in a new tab without access to this page', () => {
    const link = dom(render('[docs](https://example.com)')).querySelector('a')!;
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
  });
});
