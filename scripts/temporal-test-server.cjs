// Temporal's Java test server (in-memory, time-skipping capable) as a stand-in for a
// real Temporal service where neither Docker nor the Temporal CLI is available.
// The artifact is a thin jar, so its runtime classpath is resolved with Maven once
// and kept under .cache/temporal/ (see maven-classpath.cjs).
const { spawn } = require('node:child_process');
const net = require('node:net');
const path = require('node:path');
const { canConnect, ensureMavenClasspath, jarsIn, ROOT } = require('./maven-classpath.cjs');

const VERSION = '1.38.0';

/** Downloads the test server and its runtime classpath unless already cached; returns the jar paths. */
function ensureTemporalTestServerJars() {
  return jarsIn(ensureMavenClasspath({ cacheName: 'temporal', groupId: 'io.temporal', artifactId: 'temporal-test-server', version: VERSION }));
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
      console.log(`temporal-test-server ${VERSION}: ${jars.length} jars in ${path.relative(ROOT, path.dirname(jars[0]))}`);
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
