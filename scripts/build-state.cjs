// Whether a build is stale, by a hash of its sources' contents saved when it was
// built. Modification times would not do: `npm test` regenerates the Prisma
// client, which touches every generated file without changing what they build.
const { createHash } = require('node:crypto');
const { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } = require('node:fs');
const { dirname, join, relative, sep } = require('node:path');

/** Never part of a build: dependencies, dot folders, generated code (its inputs are hashed instead) and tests. */
function isIgnored(name, isDirectory) {
  if (isDirectory) return name === 'node_modules' || name === 'generated' || name.startsWith('.');
  return name.startsWith('.') || /\.(spec|e2e-spec)\.ts$/.test(name);
}

function listFiles(path, files = []) {
  if (!existsSync(path)) return files;
  if (!statSync(path).isDirectory()) return files.concat(path);
  const entries = readdirSync(path, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (isIgnored(entry.name, entry.isDirectory())) continue;
    if (entry.isDirectory()) listFiles(join(path, entry.name), files);
    else files.push(join(path, entry.name));
  }
  return files;
}

/** One hash over the relative path and content of every source file (folders or single files) under root. */
function sourceHash(root, sources) {
  const hash = createHash('sha256');
  for (const source of sources) {
    for (const file of listFiles(join(root, source))) {
      hash.update(relative(root, file).split(sep).join('/'));
      hash.update('\0');
      hash.update(readFileSync(file));
      hash.update('\0');
    }
  }
  return hash.digest('hex');
}

function readStamp(stampFile) {
  try {
    return JSON.parse(readFileSync(stampFile, 'utf8')).hash ?? null;
  } catch {
    return null;
  }
}

/** Stale when the output is missing, or was built (or never recorded as built) from other sources. */
function isStale({ output, stampFile, hash }) {
  return !existsSync(output) || readStamp(stampFile) !== hash;
}

/** Records the sources an output was just built from. */
function markBuilt({ stampFile, hash }) {
  mkdirSync(dirname(stampFile), { recursive: true });
  writeFileSync(stampFile, `${JSON.stringify({ hash, builtAt: new Date().toISOString() })}\n`);
}

module.exports = { sourceHash, isStale, markBuilt, readStamp };
