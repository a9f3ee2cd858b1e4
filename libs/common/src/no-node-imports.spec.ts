import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

// libs/common is imported by the browser (apps/web) as well as by Node: its code may import only
// its own files, never Node built-ins or packages, or the web build breaks (or grows a polyfill).
describe('libs/common stays importable by the browser', () => {
  const root = __dirname;
  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return sources(path);
      return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
    });

  it('imports nothing but its own files', () => {
    const files = sources(root);
    expect(files.length).toBeGreaterThan(5);
    const foreign = files.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/(?:from|import|require\()\s*['"]([^'"]+)['"]/g)]
        .map((m) => m[1])
        .filter((specifier) => !specifier.startsWith('./') && !specifier.startsWith('../'))
        .map((specifier) => `${relative(root, file)}: ${specifier}`),
    );
    expect(foreign).toEqual([]);
  });
});
