import { readdirSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { anchors, codeSpans, documentationFiles, linkTargets, pathExists, read, ROOT, tableRows } from './markdown';

/** The variables `libs/config` reads, with the default each is given there (undefined: optional, no default). */
function configVariables(): Map<string, string | undefined> {
  const source = read('libs/config/src/config.ts');
  const body = /class EnvironmentVariables \{([\s\S]*?)\n\}/.exec(source)![1];
  const variables = new Map<string, string | undefined>();
  for (const [, name, initializer] of body.matchAll(/^ {2}([A-Z][A-Z0-9_]+)\??(?::[^=;\n]+)?(?: = ([^;\n]+))?;$/gm)) {
    // Literals and products of numbers, as written in the class: `60 * 60 * 12`, `'1mb'`, `true`.
    variables.set(name, initializer === undefined ? undefined : String(new Function(`return (${initializer.replace(/_/g, '')});`)()));
  }
  return variables;
}

const REFERENCE = 'docs/configuration.md';
const COMPOSE_SECTION = 'Only for `docker/compose.yaml`';
const TOOLS_SECTION = 'Tests, benchmarks and tools';
/** `.env.example` is a production example: it sets these on purpose to other values than the defaults. */
const EXAMPLE_DIFFERS = new Set(['NODE_ENV']);

const referenceRows = () =>
  tableRows(read(REFERENCE))
    .filter((row) => row.cells[0] !== 'variable')
    .map((row) => ({ ...row, names: [...row.cells[0].matchAll(/`([A-Z][A-Z0-9_]*\*?)`/g)].map(([, name]) => name) }));

describe('docs/configuration.md, the configuration reference', () => {
  const variables = configVariables();

  it('reads the variables of libs/config', () => {
    expect(variables.size).toBeGreaterThan(50);
    expect(variables.get('JWT_TTL_SECONDS')).toBe('43200');
    expect(variables.get('DATABASE_URL')).toBeUndefined();
  });

  it('documents every variable libs/config reads once, in a row of its own, with its default', () => {
    const rows = referenceRows();
    const problems: string[] = [];
    for (const [name, value] of variables) {
      const mine = rows.filter((row) => row.names.includes(name));
      if (mine.length !== 1) problems.push(`${name}: in ${mine.length} rows`);
      else if (mine[0].names.length !== 1) problems.push(`${name}: shares its row with ${mine[0].names.join(', ')}`);
      else if (!mine[0].cells[1]) problems.push(`${name}: no default`);
      else if (value !== undefined && !mine[0].cells[1].startsWith(`\`${value}\``))
        problems.push(`${name}: default ${mine[0].cells[1]}, config.ts says ${value}`);
    }
    expect(problems).toEqual([]);
  });

  it('documents no product variable that libs/config does not read', () => {
    const product = referenceRows().filter((row) => row.section !== COMPOSE_SECTION && row.section !== TOOLS_SECTION);
    expect(product.flatMap((row) => row.names).filter((name) => !variables.has(name))).toEqual([]);
  });

  it('lists only variables that docker/compose.yaml reads in its compose section', () => {
    const compose = read('docker/compose.yaml');
    const names = referenceRows()
      .filter((row) => row.section === COMPOSE_SECTION)
      .flatMap((row) => row.names);
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((name) => !compose.includes(`\${${name}`))).toEqual([]);
  });

  it('lists .env.example with every variable, at its default where it sets one', () => {
    const example = read('.env.example');
    const problems: string[] = [];
    for (const [name, value] of variables) {
      const line = new RegExp(`^(#\\s*)?${name}=(.*)$`, 'm').exec(example);
      if (!line) problems.push(`${name}: missing`);
      else if (!line[1] && line[2] !== '' && value !== undefined && line[2] !== value && !EXAMPLE_DIFFERS.has(name))
        problems.push(`${name}=${line[2]}, default ${value}`);
    }
    expect(problems).toEqual([]);
  });
});

describe('the README and docs/', () => {
  const files = documentationFiles();
  const ignored = read('.gitignore')
    .split('\n')
    .filter((line) => line && !line.startsWith('#'));

  it('link only to files and headings that exist', () => {
    const broken: string[] = [];
    for (const file of files) {
      for (const target of linkTargets(read(file))) {
        if (/^[a-z]+:/.test(target)) continue;
        const [path, anchor] = target.split('#');
        const linked = path ? normalize(join(dirname(file), path)) : file;
        if (!pathExists(linked, ignored)) broken.push(`${file}: ${target} (no ${linked})`);
        else if (anchor && linked.endsWith('.md') && !anchors(read(linked)).has(anchor)) broken.push(`${file}: ${target} (no heading #${anchor})`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('name only npm scripts and benchmarks that exist', () => {
    const scripts = Object.keys(JSON.parse(read('package.json')).scripts as Record<string, string>);
    const benches = readdirSync(join(ROOT, 'bench'))
      .filter((f) => f.endsWith('.bench.mjs'))
      .map((f) => f.replace('.bench.mjs', ''));
    const unknown: string[] = [];
    for (const file of files) {
      const text = read(file).replace(/\s+/g, ' ');
      for (const [, script] of text.matchAll(/npm run ([\w:-]+)/g)) if (!scripts.includes(script)) unknown.push(`${file}: npm run ${script}`);
      for (const [, bench] of text.matchAll(/npm run bench -- ([\w-]+)/g)) if (!benches.includes(bench)) unknown.push(`${file}: bench ${bench}`);
    }
    expect(unknown).toEqual([]);
  });

  it('name only repository paths that exist', () => {
    const roots = /^(apps|libs|test|bench|scripts|docker|prisma|docs|\.ci)\//;
    const missing: string[] = [];
    for (const file of files) {
      for (const code of codeSpans(read(file))) {
        const path = code.replace(/[.,:;)]+$/, '');
        if (!roots.test(path) || /[\s<>{}*…]/.test(path)) continue;
        if (!pathExists(path, ignored)) missing.push(`${file}: ${path}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
