import { Injectable } from '@angular/core';
import DOMPurify from 'dompurify';
import { Marked } from 'marked';
import { highlightCode } from './highlight';

const escapeAttribute = (value: string) => value.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);

let hooked = false;
/** Links from answers open in a new tab without access to this page. */
function hookLinks(): void {
  if (hooked) return;
  hooked = true;
  DOMPurify.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName === 'A' && node.getAttribute('href')) {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    }
  });
}

/**
 * Markdown of answers to safe HTML: marked renders, highlight.js colours code, and DOMPurify
 * removes anything that could run (scripts, event handlers, javascript: URLs, forms, styles),
 * so text from a model or a document never executes. Code blocks get a copy button that the
 * message component handles by delegation (no inline handlers: the CSP forbids them anyway).
 */
@Injectable({ providedIn: 'root' })
export class MarkdownService {
  private copyLabel = 'Copy';
  private readonly marked = new Marked({
    gfm: true,
    breaks: true,
    renderer: {
      code: ({ text, lang }) => {
        const { html, language } = highlightCode(text, lang);
        return (
          `<div class="code-block"><div class="code-head"><span>${escapeAttribute(language)}</span>` +
          `<button type="button" class="copy-code">${escapeAttribute(this.copyLabel)}</button></div>` +
          `<pre><code class="hljs language-${escapeAttribute(language)}">${html}</code></pre></div>`
        );
      },
    },
  });

  constructor() {
    hookLinks();
  }

  /** Sanitised HTML for an answer's markdown; `copyLabel` is the copy button's text in the interface language. */
  render(markdown: string, copyLabel = 'Copy'): string {
    this.copyLabel = copyLabel;
    const html = this.marked.parse(markdown, { async: false });
    return DOMPurify.sanitize(html, {
      USE_PROFILES: { html: true },
      FORBID_TAGS: ['style', 'form', 'input', 'textarea', 'select', 'iframe', 'object', 'embed'],
      FORBID_ATTR: ['style'],
    });
  }
}
