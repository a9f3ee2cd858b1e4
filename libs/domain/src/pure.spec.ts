import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

// libs/domain holds the code that has no I/O of its own: it reaches the outside world only
// through its ports, which the adapters in libs/adapters implement. It may import its own files,
// the shared contract (@assistants/common) and the tokenizer's tables (pure computation); never
// Node built-ins, database clients, HTTP clients or the adapters.
const ALLOWED = [/^\.\.?\//, /^@assistants\/common$/, /^js-tiktoken\//];

describe('libs/domain stays pure', () => {
  const root = __dirname;
  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return sources(path);
      return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
    });

  it('imports nothing but its own files, the shared contract and the tokenizer tables', () => {
    const files = sources(root);
    expect(files.length).toBeGreaterThan(10);
    const foreign = files.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/(?:from|import\(|require\()\s*['"]([^'"]+)['"]/g)]
        .map((m) => m[1])
        .filter((specifier) => !ALLOWED.some((allowed) => allowed.test(specifier)))
        .map((specifier) => `${relative(root, file)}: ${specifier}`),
    );
    expect(foreign).toEqual([]);
  });
});
