import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

interface BuildState {
  sourceHash(root: string, sources: string[]): string;
  isStale(build: { output: string; stampFile: string; hash: string }): boolean;
  markBuilt(build: { stampFile: string; hash: string }): void;
}
const root = resolve(__dirname, '../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { sourceHash, isStale, markBuilt } = require(join(root, 'scripts/build-state.cjs')) as BuildState;

/** What `npm start` decides: rebuild only when the sources' contents changed since the last build. */
describe('build state (npm start)', () => {
  let dir: string;
  const write = (path: string, text: string) => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  const sources = ['src', 'schema.prisma'];
  const build = () => {
    const hash = sourceHash(dir, sources);
    return { output: join(dir, 'dist/main.js'), stampFile: join(dir, 'dist/.build-state/api.json'), hash };
  };
  const built = () => {
    write('dist/main.js', 'built');
    markBuilt(build());
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'build-state-'));
    write('src/main.ts', 'main');
    write('src/lib/util.ts', 'util');
    write('src/db/generated/client.ts', 'generated');
    write('schema.prisma', 'model A {}');
    built();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is fresh after a build', () => {
    expect(isStale(build())).toBe(false);
  });

  it('stays fresh when files are rewritten with the same content, as `npm test` regenerating the client does', () => {
    const later = new Date(Date.now() + 60_000);
    write('src/main.ts', 'main');
    utimesSync(join(dir, 'src/main.ts'), later, later);
    write('src/db/generated/client.ts', 'generated again, differently');
    write('src/main.spec.ts', 'a test changed');
    expect(isStale(build())).toBe(false);
  });

  it.each([
    ['a source changes', () => write('src/lib/util.ts', 'util v2')],
    ['a source is added', () => write('src/lib/new.ts', 'new')],
    ['a source is removed', () => unlinkSync(join(dir, 'src/lib/util.ts'))],
    ['a source is renamed', () => (unlinkSync(join(dir, 'src/lib/util.ts')), write('src/lib/utils.ts', 'util'))],
    ['a single-file source changes', () => write('schema.prisma', 'model B {}')],
    ['the output is gone', () => unlinkSync(join(dir, 'dist/main.js'))],
    ['no build was recorded', () => unlinkSync(join(dir, 'dist/.build-state/api.json'))],
  ])('is stale when %s', (_label, change) => {
    change();
    expect(isStale(build())).toBe(true);
  });
});

describe('prisma-generate', () => {
  it('leaves the generated client untouched when the schema did not change', () => {
    // `npm test` has just generated it; a second run must not rewrite a file.
    const client = join(root, 'libs/db/src/generated/client.ts');
    const before = statSync(client).mtimeMs;
    const result = spawnSync(process.execPath, ['scripts/prisma-generate.mjs', '--quiet'], { cwd: root });
    expect(result.status).toBe(0);
    expect(statSync(client).mtimeMs).toBe(before);
  });
});
