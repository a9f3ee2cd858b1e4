// Temporal's Java test server (in-memory, time-skipping capable) as a stand-in for a
// real Temporal service where neither Docker nor the Temporal CLI is available.
// The artifact is a thin jar, so its runtime classpath is resolved with Maven once
// and kept under .cache/temporal/; later runs never invoke mvn.
// CommonJS so that jest tests can require() it (dynamic ESM imports misbehave inside jest's VM).
const { spawn, spawnSync } = require('node:child_process');
const { existsSync, mkdirSync, readdirSync, writeFileSync } = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const VERSION = '1.38.0';
const ROOT = path.resolve(__dirname, '..');
const CACHE_DIR = path.join(ROOT, '.cache', 'temporal');
// Versioned so a bump never mixes jars from two releases on one classpath.
const LIB_DIR = path.join(CACHE_DIR, `lib-${VERSION}`);
const MAIN_JAR = `temporal-test-server-${VERSION}.jar`;

const POM = `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.assistants</groupId>
  <artifactId>temporal-test-server-classpath</artifactId>
  <version>0</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>io.temporal</groupId>
      <artifactId>temporal-test-server</artifactId>
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

/** Downloads the test server and its runtime classpath unless already cached; returns the jar paths. */
function ensureTemporalTestServerJars() {
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
  return readdirSync(LIB_DIR)
    .filter((f) => f.endsWith('.jar'))
    .map((f) => path.join(LIB_DIR, f));
}

// Port 0 picks a free port; an explicit one is checked so a foreign listener is not mistaken for ours.
function freePort(port = 0) {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(port, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function canConnect(port) {
  return new Promise((resolve) => {
    const sock = net.connect({ host: '127.0.0.1', port });
    sock.once('connect', () => (sock.destroy(), resolve(true)));
    sock.once('error', () => (sock.destroy(), resolve(false)));
  });
}

/** Starts the Java test server; resolves once its gRPC port accepts connections. */
async function startTemporalTestServer({ port, timeoutMs = 60_000 } = {}) {
  const classpath = ensureTemporalTestServerJars().join(path.delimiter);
  port = await freePort(port);
  const child = spawn('java', ['-cp', classpath, 'io.temporal.testserver.TestServer', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d) => (stderr = (stderr + d).slice(-8000)));
  let exited = null;
  // 'close' rather than 'exit': it fires after stderr is drained, so the error report is complete.
  const closed = new Promise((resolve) => child.once('close', (code, signal) => resolve((exited ??= { code, signal }))));
  child.once('error', (err) => (exited ??= { error: err.message }));
  // Never leave an orphaned JVM behind when the caller forgets stop() or exits abruptly.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const stop = async () => {
    process.off('exit', killOnExit);
    if (exited) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await closed;
    clearTimeout(timer);
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) {
      process.off('exit', killOnExit);
      throw new Error(`Temporal test server exited early (${JSON.stringify(exited)}):\n${stderr}`);
    }
    if (await canConnect(port)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Temporal test server did not listen on port ${port} within ${timeoutMs} ms:\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { address: `127.0.0.1:${port}`, stop };
}

module.exports = { ensureTemporalTestServerJars, startTemporalTestServer };

if (require.main === module) {
  (async () => {
    if (process.argv.includes('--prefetch')) {
      const jars = ensureTemporalTestServerJars();
      console.log(`temporal-test-server ${VERSION}: ${jars.length} jars in ${path.relative(ROOT, LIB_DIR)}`);
    } else {
      const server = await startTemporalTestServer();
      console.log(server.address);
      const shutdown = () => server.stop().then(() => process.exit(0));
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
    }
  })().catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
}
