import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../..');

/** The README and every page of docs/, as paths relative to the repository. */
export function documentationFiles(): string[] {
  return [
    'README.md',
    ...readdirSync(join(ROOT, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`),
  ];
}

export const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** The text outside fenced code blocks: what renders as prose, tables and headings. */
export function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, '');
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
export function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const [, text] of prose(markdown).matchAll(/^#{1,6}\s+(.+)$/gm)) {
    const plain = text.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/`/g, '');
    const slug = plain
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    result.add(count ? `${slug}-${count}` : slug);
  }
  return result;
}

/** Targets of inline links `[text](target)` outside code. */
export function linkTargets(markdown: string): string[] {
  const text = prose(markdown).replace(/`[^`\n]*`/g, '');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map(([, target]) => target);
}

/** Inline code spans outside fenced blocks. */
export function codeSpans(markdown: string): string[] {
  return [...prose(markdown).matchAll(/`([^`\n]+)`/g)].map(([, code]) => code);
}

export interface TableRow {
  section: string;
  cells: string[];
}

/** Rows of every table, with the `##` section each stands under. */
export function tableRows(markdown: string): TableRow[] {
  let section = '';
  const rows: TableRow[] = [];
  for (const line of prose(markdown).split('\n')) {
    const heading = /^##\s+(.+)$/.exec(line);
    if (heading) section = heading[1].trim();
    if (!line.startsWith('|') || /^\|[-|\s]+\|$/.test(line)) continue;
    // A `\|` inside a cell is text, not a border.
    const cells = line
      .slice(1, -1)
      .split(/(?<!\\)\|/)
      .map((cell) => cell.trim());
    rows.push({ section, cells });
  }
  return rows;
}

/** Whether a path named in the docs exists, or lies under a path git ignores (made by a run). */
export function pathExists(path: string, ignored: string[]): boolean {
  return existsSync(join(ROOT, path)) || ignored.some((prefix) => path.startsWith(prefix));
}
