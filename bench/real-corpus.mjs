// Real documentation for the search benchmarks: HTML manuals Debian ships (English and Russian),
// cut by the product's own parse + chunk step (libs/runtime's parseAndChunk, as an upload is, with
// an assistant's default 256/32 tokens) and embedded by the product's local model (all-MiniLM-L6-v2
// on its worker pool). Nothing of it is committed; all of it is cached under .cache/bench-corpus:
//   debs/, src/<package>/  the packages, fetched with `apt-get download` and unpacked with
//                          `dpkg-deb -x` (no root, no dependencies installed, nothing on the system)
//   chunks/<key>.json      one page's chunks, keyed by the page's bytes and the ingest code
//   vectors/<key>.f32      one page's vectors, keyed by the model and the chunks' texts
// so a rerun neither parses nor embeds again. Pages are taken in a fixed pseudo-random order across
// all manuals until a corpus reaches its size: the 10k corpus is the start of the 100k one (the
// 10k's vectors serve the 100k), and both mix the manuals and languages alike.
// Questions come from the pages' own headings (those that appear on one page only), phrased as a
// person would ask in each language; each knows the page it came from.
//
// `node bench/real-corpus.mjs [10000 100000]` builds corpora ahead of a benchmark (after
// `npm run build:server`); the benchmarks call loadCorpus(), which builds what is missing.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from './support.mjs';

const require = createRequire(import.meta.url);
// BENCH_CORPUS_DIR: a cache another checkout built (embedding 100k chunks takes an hour or more).
const CACHE = process.env.BENCH_CORPUS_DIR ? resolve(process.env.BENCH_CORPUS_DIR) : join(root, '.cache/bench-corpus');
const MODEL_DIR = join(root, '.cache/models/all-minilm-l6-v2-q');
const DIMENSIONS = 384;
// The assistant defaults (prisma/schema.prisma: chunk_size 256, chunk_overlap 32).
const CHUNKING = { maxTokens: 256, overlapTokens: 32 };

/** Index, search and generated-source pages are lists of links or code, not documentation: left out. */
const NOT_PROSE = /(^|\/)(genindex[^/]*|py-modindex|search|bookindex|_modules\/.*)\.html$/;

export const SOURCES = [
  { pkg: 'python3.11-doc', language: 'en', dir: 'usr/share/doc/python3.11/html' },
  { pkg: 'python-django-doc', language: 'en', dir: 'usr/share/doc/python-django-doc/html' },
  { pkg: 'postgresql-doc-15', language: 'en', dir: 'usr/share/doc/postgresql-doc-15/html' },
  { pkg: 'libreoffice-help-en-us', language: 'en', dir: 'usr/share/libreoffice/help/en-US' },
  { pkg: 'gimp-help-en', language: 'en', dir: 'usr/share/gimp/2.0/help/en' },
  { pkg: 'git-doc', language: 'en', dir: 'usr/share/doc/git-doc' },
  { pkg: 'debian-handbook', as: 'debian-handbook-en', language: 'en', dir: 'usr/share/doc/debian-handbook/html/en-US' },
  { pkg: 'debian-reference-en', language: 'en', dir: 'usr/share/debian-reference' },
  { pkg: 'libreoffice-help-ru', language: 'ru', dir: 'usr/share/libreoffice/help/ru' },
  { pkg: 'gimp-help-ru', language: 'ru', dir: 'usr/share/gimp/2.0/help/ru' },
  { pkg: 'developers-reference-ru', language: 'ru', dir: 'usr/share/developers-reference/ru' },
  { pkg: 'debian-faq-ru', language: 'ru', dir: 'usr/share/doc/debian/FAQ/ru' },
  { pkg: 'debian-handbook', as: 'debian-handbook-ru', language: 'ru', dir: 'usr/share/doc/debian-handbook/html/ru-RU' },
];

const sha256 = (...parts) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
};
const dist = (path) => require(join(root, 'dist', path));
const log = (message) => console.log(`[corpus] ${message}`);

function writeAtomically(path, data) {
  writeFileSync(`${path}.tmp`, data);
  renameSync(`${path}.tmp`, path);
}

/** Each package unpacked under src/<pkg> once (a marker says it is whole). */
function fetchSources() {
  mkdirSync(join(CACHE, 'debs'), { recursive: true });
  const missing = [...new Set(SOURCES.map((s) => s.pkg))].filter((pkg) => !existsSync(join(CACHE, 'src', pkg, '.unpacked')));
  if (!missing.length) return;
  log(`fetching ${missing.join(', ')} with apt-get download`);
  execFileSync('apt-get', ['download', ...missing], { cwd: join(CACHE, 'debs'), stdio: ['ignore', 'ignore', 'inherit'] });
  const debs = readdirSync(join(CACHE, 'debs'));
  for (const pkg of missing) {
    const deb = debs.find((f) => f.startsWith(`${pkg}_`) && f.endsWith('.deb'));
    if (!deb) throw new Error(`apt-get download left no .deb for ${pkg}`);
    const into = join(CACHE, 'src', pkg);
    rmSync(into, { recursive: true, force: true });
    mkdirSync(into, { recursive: true });
    execFileSync('dpkg-deb', ['-x', join(CACHE, 'debs', deb), into]);
    writeFileSync(join(into, '.unpacked'), `${deb}\n`);
    rmSync(join(CACHE, 'debs', deb));
  }
}

function htmlFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...htmlFiles(path));
    else if (/\.html?$/.test(entry.name) && entry.isFile()) out.push(path);
  }
  return out;
}

/** Every page of every manual, in a fixed order that interleaves them (by a hash of the page's name). */
function allPages() {
  const pages = [];
  for (const source of SOURCES) {
    const base = join(CACHE, 'src', source.pkg, source.dir);
    for (const path of htmlFiles(base)) {
      const name = relative(base, path);
      const manual = source.as ?? source.pkg;
      if (!NOT_PROSE.test(name)) pages.push({ ...source, manual, name: `${manual}/${name}`, path, order: sha256(manual, '/', name) });
    }
  }
  return pages.sort((a, b) => (a.order < b.order ? -1 : 1));
}

/** What the chunks depend on besides the page: the built ingest code and the token counter. */
function ingestFingerprint() {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.js')) files.push(path);
    }
  };
  walk(join(root, 'dist/libs/ingest'));
  walk(join(root, 'dist/libs/domain/src/prompt'));
  files.push(join(root, 'dist/libs/runtime/src/cpu/cpu-tasks.js'));
  return sha256(...files.sort().map((f) => readFileSync(f)), JSON.stringify(CHUNKING));
}

/** A page's chunks as an upload of it would make them (null: the product would fail it, e.g. no text). */
async function chunkPage(page, fingerprint) {
  const content = readFileSync(page.path);
  const key = sha256(fingerprint, content);
  const file = join(CACHE, 'chunks', `${key}.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const { parseAndChunk } = dist('libs/runtime/src/cpu/cpu-tasks.js');
  const filename = page.path.split('/').pop();
  const result = await parseAndChunk({ filename, mimeType: 'text/html', content: new Uint8Array(content), ...CHUNKING, maxChunks: 50_000 });
  const stored = result.error ? { error: `${result.error.name}: ${result.error.message}` } : { chunks: result.value };
  stored.bytes = content.length;
  stored.checksum = sha256(content);
  writeAtomically(file, JSON.stringify(stored));
  return stored;
}

const vectorFile = (texts) => join(CACHE, 'vectors', `${sha256('all-minilm-l6-v2-q', '\u0000', JSON.stringify(texts))}.f32`);

function readVectors(file, n) {
  const bytes = readFileSync(file);
  const all = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  if (all.length !== n * DIMENSIONS) throw new Error(`${file}: ${all.length} floats, expected ${n * DIMENSIONS}`);
  return Array.from({ length: n }, (_, i) => all.subarray(i * DIMENSIONS, (i + 1) * DIMENSIONS));
}

let embedder;
function localEmbedder() {
  const { ThreadedOnnxEmbedder, localModelPresent } = dist('libs/adapters/src/index.js');
  if (!localModelPresent(MODEL_DIR)) throw new Error(`the local model is not in ${MODEL_DIR}: run node scripts/embedding-model.cjs --prefetch`);
  // The product's default: two worker threads, one runtime thread each (createEmbedder).
  embedder ??= new ThreadedOnnxEmbedder({ modelDir: MODEL_DIR, workers: 2, threads: 1 });
  return embedder;
}

/** Vectors of `texts` from the cache, or embedded now by the local model and cached. */
export async function embedTexts(texts) {
  const file = vectorFile(texts);
  if (existsSync(file)) return readVectors(file, texts.length);
  const vectors = await localEmbedder().embed(texts);
  const packed = new Float32Array(texts.length * DIMENSIONS);
  vectors.forEach((v, i) => packed.set(v, i * DIMENSIONS));
  writeAtomically(file, Buffer.from(packed.buffer));
  return vectors.map((v) => Float32Array.from(v));
}

export async function closeEmbedder() {
  await embedder?.close();
  embedder = undefined;
}

/**
 * The pages whose chunks add up to `size` (the last page may pass it), with their chunks; pages the
 * product would fail (no text to index) are skipped, as their uploads would end failed.
 */
async function selectPages(size) {
  fetchSources();
  const fingerprint = ingestFingerprint();
  mkdirSync(join(CACHE, 'chunks'), { recursive: true });
  const pages = allPages();
  const chosen = [];
  let chunks = 0;
  let skipped = 0;
  const started = performance.now();
  for (const page of pages) {
    if (chunks >= size) break;
    const result = await chunkPage(page, fingerprint);
    if (result.error || !result.chunks.length) {
      skipped++;
      continue;
    }
    chosen.push({
      name: page.name,
      path: page.path,
      filename: page.path.split('/').pop(),
      pkg: page.manual,
      language: page.language,
      bytes: result.bytes,
      checksum: result.checksum,
      chunks: result.chunks,
    });
    chunks += result.chunks.length;
  }
  const seconds = (performance.now() - started) / 1000;
  if (seconds > 5) log(`parsed and chunked ${chosen.length + skipped} pages in ${seconds.toFixed(0)} s`);
  if (chunks < size) log(`all ${pages.length} pages make ${chunks} chunks, fewer than the ${size} asked for`);
  return { pages: chosen, chunks, skipped };
}

/** Embeds each page's chunks (cached per page), two pages in flight to keep both model threads busy, with progress. */
async function embedPages(pages) {
  mkdirSync(join(CACHE, 'vectors'), { recursive: true });
  const todo = pages.filter((p) => !existsSync(vectorFile(p.chunks.map((c) => c.text))));
  const total = todo.reduce((sum, p) => sum + p.chunks.length, 0);
  if (total) log(`embedding ${total} chunks of ${todo.length} pages with the local model (cached: ${pages.length - todo.length} pages)`);
  const started = performance.now();
  let done = 0;
  let lastReport = started;
  let next = 0;
  await Promise.all(
    [0, 1].map(async () => {
      while (next < todo.length) {
        const page = todo[next++];
        await embedTexts(page.chunks.map((c) => c.text));
        done += page.chunks.length;
        const now = performance.now();
        if (now - lastReport > 15_000 || done === total) {
          lastReport = now;
          const perSecond = done / ((now - started) / 1000);
          log(
            `embedded ${done}/${total} chunks, ${perSecond.toFixed(0)} chunks/s, ${((total - done) / perSecond / 60).toFixed(1)} min left (load ${loadavg()[0].toFixed(1)})`,
          );
        }
      }
    }),
  );
  if (total) log(`embedded ${total} chunks in ${((performance.now() - started) / 60_000).toFixed(1)} min`);
  for (const page of pages) page.vectors = readVectors(vectorFile(page.chunks.map((c) => c.text)), page.chunks.length);
}

const GENERIC = new Set(
  `introduction overview summary notes note example examples see also description details usage options reference index contents
  parameters return value returns syntax tips warning warnings remarks related topics general configuration settings arguments
  введение обзор примечание примечания пример примеры описание синтаксис параметры параметр содержание возвращаемое значение
  см также совет предупреждение общие сведения настройки`.split(/\s+/),
);

/** A heading a person might type as a question: words, not code, not a one-word generic title. */
function askable(heading) {
  if (!heading || heading.length < 8 || heading.length > 80) return false;
  if (/[(){}[\]=_<>`$#@\\|/*]|\.\w|::|^\d|\d{2,}/.test(heading)) return false;
  const words = heading.split(/\s+/).filter(Boolean);
  if (words.length < 2 || words.length > 9) return false;
  return words.some((w) => !GENERIC.has(w.toLowerCase().replace(/[^\p{L}]/gu, '')));
}

// A heading that is a question already is asked as it is.
const IS_QUESTION = /\?\s*$|^(how|what|why|when|which|can|how to|как|что|почему|зачем|когда|где|какой|какие|можно ли)\s/i;
const EN_FORMS = [(h) => h, (h) => `how does ${h.toLowerCase()} work`, (h) => `what is ${h.toLowerCase()}`, (h) => `${h.toLowerCase()} explained`];
const RU_FORMS = [(h) => h, (h) => `${h}: как это сделать?`, (h) => `что такое ${h.toLowerCase()}`, (h) => `${h.toLowerCase()} — как работает`];

/**
 * Up to `perLanguage` questions per language from the corpus's headings that appear on one page
 * only (so the page they came from is the one place they answer), each in one of a few phrasings.
 */
function questionsFrom(pages, perLanguage) {
  const pagesOf = new Map();
  pages.forEach((page, p) => {
    for (const chunk of page.chunks) {
      const heading = chunk.metadata.heading
        ?.replace(/\s+/g, ' ')
        .replace(/[\s¶#.:;,]+$/, '')
        .trim();
      if (!askable(heading)) continue;
      const set = pagesOf.get(heading) ?? new Set();
      set.add(p);
      pagesOf.set(heading, set);
    }
  });
  const byLanguage = {};
  for (const language of ['en', 'ru']) {
    const candidates = [...pagesOf]
      .filter(([heading, set]) => set.size === 1 && /[а-яё]/i.test(heading) === (language === 'ru'))
      .map(([heading, set]) => ({ heading, page: [...set][0], order: sha256('question', heading) }))
      .sort((a, b) => (a.order < b.order ? -1 : 1))
      .slice(0, perLanguage);
    const forms = language === 'ru' ? RU_FORMS : EN_FORMS;
    byLanguage[language] = candidates.map((c, i) => ({
      language,
      text: IS_QUESTION.test(c.heading) ? c.heading : forms[i % forms.length](c.heading),
      heading: c.heading,
      page: pages[c.page].name,
    }));
  }
  // Alternating languages, so that any first n questions are half English, half Russian.
  const { en, ru } = byLanguage;
  return Array.from({ length: Math.max(en.length, ru.length) }, (_, i) => [en[i], ru[i]])
    .flat()
    .filter(Boolean);
}

/**
 * A corpus of about `size` chunks: { pages: [{ name, filename, pkg, language, bytes, checksum,
 * chunks, vectors }], chunks, questions: [{ language, text, heading, page, vector }] }.
 */
export async function loadCorpus(size, { questionsPerLanguage = 100 } = {}) {
  const { pages, chunks, skipped } = await selectPages(size);
  await embedPages(pages);
  const questions = questionsFrom(pages, questionsPerLanguage);
  const vectors = await embedTexts(questions.map((q) => q.text));
  questions.forEach((q, i) => (q.vector = vectors[i]));
  const byLanguage = (l) => pages.filter((p) => p.language === l).reduce((sum, p) => sum + p.chunks.length, 0);
  const packages = [...new Set(pages.map((p) => p.pkg))].map((pkg) => `${pkg} ${pages.filter((p) => p.pkg === pkg).length}`).join(', ');
  const description = `${chunks} chunks of ${pages.length} real pages (${byLanguage('en')} English, ${byLanguage('ru')} Russian chunks; ${packages} pages; ${skipped} empty pages skipped), ${questions.filter((q) => q.language === 'en').length} English and ${questions.filter((q) => q.language === 'ru').length} Russian questions from the headings`;
  return { size, pages, chunks, questions, description };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const sizes = process.argv.slice(2).length ? process.argv.slice(2).map(Number) : [10_000, 100_000];
  if (!existsSync(join(root, 'dist/libs/ingest/src/index.js'))) throw new Error('build first: npm run build:server');
  for (const size of sizes) {
    const corpus = await loadCorpus(size);
    log(`${size}: ${corpus.description}`);
    for (const q of corpus.questions.filter((_, i) => i % 25 === 0)) log(`  e.g. [${q.language}] "${q.text}" (from ${q.page})`);
  }
  await closeEmbedder();
  log(`cache: ${CACHE} (${(Number(execFileSync('du', ['-sb', CACHE]).toString().split('\t')[0]) / 1e6).toFixed(0)} MB)`);
}
