import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The non-spec TypeScript files below a folder. */
export function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** Every `file: specifier` below root that imports (or requires) something none of `allowed` matches. */
export function foreignImports(root: string, allowed: RegExp[]): { files: number; foreign: string[] } {
  const files = sourceFiles(root);
  const foreign = files.flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/(?:from|import\(?|require\()\s*['"]([^'"]+)['"]/g)]
      .map((m) => m[1])
      .filter((specifier) => !allowed.some((rule) => rule.test(specifier)))
      .map((specifier) => `${relative(root, file)}: ${specifier}`),
  );
  return { files: files.length, foreign };
}
