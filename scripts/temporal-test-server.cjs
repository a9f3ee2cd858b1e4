// Temporal's Java test server (in-memory, time-skipping capable) as a stand-in for a
// real Temporal service where neither Docker nor the Temporal CLI is available.
// The artifact is a thin jar, so its runtime classpath is resolved with Maven once
// and kept under .cache/temporal/ (see java-tools.cjs).
const { spawn } = require('node:child_process');
const net = require('node:net');
const path = require('node:path');
const { canConnect, ensureMavenClasspath, jarsIn, ROOT, superviseProcess } = require('./java-tools.cjs');

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
  const { stop, waitUntil } = superviseProcess(child, { name: 'Temporal test server', graceMs: 5_000, output: () => stderr });
  await waitUntil(() => canConnect(port), {
    timeoutMs,
    intervalMs: 200,
    timeoutMessage: () => `Temporal test server did not listen on port ${port} within ${timeoutMs} ms`,
  });
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
