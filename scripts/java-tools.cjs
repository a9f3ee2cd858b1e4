// Java tools from Maven Central (Temporal's test server, an OpenSearch node) for the tests,
// where neither Docker nor the tools' own packages are available. A tool's runtime classpath is
// resolved with Maven once and kept under .cache/<name>/lib-<version>/; later runs never invoke mvn.
// Its JVM is then supervised the same way for every tool (superviseProcess).
// CommonJS so that jest tests can require() it (dynamic ESM imports misbehave inside jest's VM).
const { spawnSync } = require('node:child_process');
const { existsSync, mkdirSync, readdirSync, writeFileSync } = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');

const pom = (groupId, artifactId, version) => `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.assistants</groupId>
  <artifactId>${artifactId}-classpath</artifactId>
  <version>0</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>${groupId}</groupId>
      <artifactId>${artifactId}</artifactId>
      <version>${version}</version>
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

/**
 * Downloads an artifact and its runtime classpath into .cache/<cacheName>/lib-<version>/ unless
 * already there (versioned, so a bump never mixes jars of two releases); returns the folder.
 */
function ensureMavenClasspath({ cacheName, groupId, artifactId, version }) {
  const cacheDir = path.join(ROOT, '.cache', cacheName);
  const libDir = path.join(cacheDir, `lib-${version}`);
  if (!existsSync(path.join(libDir, `${artifactId}-${version}.jar`))) {
    mkdirSync(cacheDir, { recursive: true });
    const pomFile = path.join(cacheDir, 'pom.xml');
    writeFileSync(pomFile, pom(groupId, artifactId, version));
    const args = ['-q', '-B', '-f', pomFile, 'dependency:copy-dependencies', '-DincludeScope=runtime', `-DoutputDirectory=${libDir}`];
    // Offline first: once ~/.m2 holds the artifacts, a network outage must not matter.
    const mvn = (extra) => spawnSync('mvn', [...extra, ...args], { encoding: 'utf8' });
    let res = mvn(['-o']);
    if (res.error || res.status !== 0) res = mvn([]);
    if (res.error || res.status !== 0) {
      throw new Error(`mvn ${args.join(' ')} failed: ${res.error?.message ?? ''}\n${res.stdout}${res.stderr}`);
    }
  }
  return libDir;
}

/** The jar files of a classpath folder. */
const jarsIn = (libDir) =>
  readdirSync(libDir)
    .filter((f) => f.endsWith('.jar'))
    .map((f) => path.join(libDir, f));

function canConnect(port) {
  return new Promise((resolve) => {
    const sock = net.connect({ host: '127.0.0.1', port });
    sock.once('connect', () => (sock.destroy(), resolve(true)));
    sock.once('error', () => (sock.destroy(), resolve(false)));
  });
}

/**
 * Supervises a spawned tool: never orphaned (SIGKILL when this process exits), stopped with
 * SIGTERM then SIGKILL after `graceMs`, and waited for until `ready()` holds, failing when it
 * exits first or time runs out. `output()` is the recent output quoted in errors; `cleanup`
 * runs once the process is gone.
 */
function superviseProcess(child, { name, graceMs, output, cleanup = () => {} }) {
  let exited = null;
  // 'close' rather than 'exit': it fires after the output is drained, so the error report is complete.
  const closed = new Promise((resolve) => child.once('close', (code, signal) => resolve((exited ??= { code, signal }))));
  child.once('error', (err) => (exited ??= { error: err.message }));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const stop = async () => {
    process.off('exit', killOnExit);
    if (!exited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await closed;
      clearTimeout(timer);
    }
    cleanup();
  };

  const waitUntil = async (ready, { timeoutMs, intervalMs, timeoutMessage }) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (exited) {
        process.off('exit', killOnExit);
        cleanup();
        throw new Error(`${name} exited early (${JSON.stringify(exited)}):\n${output()}`);
      }
      if (await ready()) return;
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`${timeoutMessage()}:\n${output()}`);
      }
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  };

  return { stop, waitUntil };
}

module.exports = { ROOT, ensureMavenClasspath, jarsIn, canConnect, superviseProcess };
