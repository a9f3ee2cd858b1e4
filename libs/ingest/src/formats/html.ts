import { type HTMLElement, type Node, NodeType, parse } from 'node-html-parser';
import type { ParsedDocument } from '../types';
import { SectionWriter } from './text';

// Page furniture and code, never content.
const SKIP = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'nav',
  'aside',
  'footer',
  'svg',
  'iframe',
  'form',
  'button',
  'select',
  'textarea',
  'head',
  'object',
  'canvas',
  'dialog',
  'menu',
]);
const SKIP_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'complementary', 'search', 'menu', 'menubar', 'dialog']);
const BLOCK = new Set([
  'p',
  'div',
  'section',
  'article',
  'main',
  'blockquote',
  'pre',
  'figure',
  'figcaption',
  'address',
  'dl',
  'dt',
  'dd',
  'fieldset',
  'details',
  'summary',
  'hr',
  'center',
  'header',
  'hgroup',
  'body',
  'html',
  'caption',
]);
// Items of these are kept one per line, inside one paragraph.
const LINE_GROUPS = new Set(['ul', 'ol', 'table', 'thead', 'tbody', 'tfoot']);
const HEADING = /^h([1-6])$/;

/**
 * The main text of an HTML page: `<main>` (or the only `<article>`) when there
 * is one, else `<body>`, without navigation, banners, footers, sidebars,
 * scripts and styles. Headings open sections, so chunks carry heading paths;
 * list items and table rows ("cell | cell") stay one per line.
 */
export function parseHtml(html: string): ParsedDocument {
  const root = parse(html, { blockTextElements: { script: false, style: false, noscript: false, template: false, pre: true }, comment: false });
  const articles = root.querySelectorAll('article');
  const content = root.querySelector('main, [role=main]') ?? (articles.length === 1 ? articles[0] : null) ?? root.querySelector('body') ?? root;
  const writer = new SectionWriter();
  let inline = '';
  const flush = () => {
    writer.paragraph(inline.replace(/[ \t]*\n[ \t]*/g, '\n').replace(/\n{2,}/g, '\n'));
    inline = '';
  };

  const walk = (node: Node, inMain: boolean, pre: boolean): void => {
    if (node.nodeType === NodeType.TEXT_NODE) {
      const text = (node as unknown as { text: string }).text;
      inline += pre ? text : text.replace(/\s+/g, ' ');
      return;
    }
    if (node.nodeType !== NodeType.ELEMENT_NODE) return;
    const el = node as HTMLElement;
    const tag = el.rawTagName?.toLowerCase() ?? '';
    if (SKIP.has(tag) || skipped(el, tag, inMain)) return;
    const heading = HEADING.exec(tag);
    if (heading) {
      flush();
      const title = el.text.replace(/\s+/g, ' ').trim();
      if (title) writer.heading(title, Number(heading[1]));
      return;
    }
    if (tag === 'br') {
      inline += '\n';
      return;
    }
    if (tag === 'li' || tag === 'dt' || tag === 'dd') {
      inline = inline.trimEnd() + (inline.trim() ? '\n' : '') + (tag === 'li' ? '- ' : '');
      for (const child of el.childNodes) walk(child, inMain, pre);
      return;
    }
    if (tag === 'tr') {
      const cells = el.childNodes.filter((c): c is HTMLElement => c.nodeType === NodeType.ELEMENT_NODE && /^t[dh]$/i.test((c as HTMLElement).rawTagName ?? ''));
      // structuredText puts breaks between a cell's paragraphs, which `text` would glue together.
      const row = cells.map((c) => c.structuredText.replace(/\s+/g, ' ').trim()).join(' | ');
      if (row.replace(/[ |]/g, '')) inline = inline.trimEnd() + (inline.trim() ? '\n' : '') + row;
      return;
    }
    const block = BLOCK.has(tag) || LINE_GROUPS.has(tag);
    if (block) flush();
    const mainHere = inMain || tag === 'main' || tag === 'article';
    for (const child of el.childNodes) walk(child, mainHere, pre || tag === 'pre');
    if (block) flush();
  };
  walk(content, content !== root && content.rawTagName?.toLowerCase() !== 'body', false);
  flush();
  return writer.finish();
}

function skipped(el: HTMLElement, tag: string, inMain: boolean): boolean {
  // A page's banner goes, but an article's own header usually holds its title.
  if (tag === 'header' && !inMain) return true;
  if (el.hasAttribute('hidden') || el.getAttribute('aria-hidden') === 'true') return true;
  const role = el.getAttribute('role');
  return !!role && SKIP_ROLES.has(role.toLowerCase());
}
