// The official MCP conformance suite (the @modelcontextprotocol/conformance devDependency), for
// test/tools/mcp-conformance.e2e-spec.ts. The suite needs Node 22 (it imports fs.globSync) while
// the product runs on Node 20, so the suite alone runs on Node 22 from the `node` npm package,
// fetched once by npx into npm's cache (~/.npm/_npx); the client it tests runs on this Node.
//
// Not a devDependency: a package named `node` puts its binary in node_modules/.bin, which npm puts
// first on PATH for every script, so `npm test` and `npm start` would run on Node 22 as well (and
// the binary comes from its preinstall script, which npm 11 skips for unapproved dependencies).
//
// `node scripts/mcp-conformance.cjs --prefetch` fetches it and lists the suite's scenarios (CI does
// so beside the other tools). CommonJS so that jest tests can require() it, like the other scripts.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const NODE_22 = 'node@22.23.3';
const CLI = path.join(path.dirname(require.resolve('@modelcontextprotocol/conformance/package.json')), 'dist', 'index.js');

/** The path of a Node 22 binary: this one if it is 22 or later, else the npm package's, through npx. */
function node22() {
  if (Number(process.versions.node.split('.')[0]) >= 22) return process.execPath;
  const problems = [];
  // Offline first: npx asks the registry on every run otherwise, even with the package in its cache.
  for (const mode of ['--offline', '--no-offline']) {
    const run = spawnSync('npx', [mode, '--yes', `--package=${NODE_22}`, '--', 'node', '-p', 'process.execPath'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 5 * 60_000,
    });
    if (run.status === 0) return run.stdout.trim();
    problems.push(`npx ${mode}: ${run.error?.message ?? run.stderr.trim().split('\n').slice(-3).join(' ')}`);
  }
  throw new Error(`the MCP conformance suite needs Node 22, and npx could not get ${NODE_22} (the npm registry is needed once):\n${problems.join('\n')}`);
}

/** The suite's command line (`client`, `list`, ...) on Node 22, from the repository root; its exit status and output. */
function runConformance(args, node = node22()) {
  const run = spawnSync(node, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 2 * 60_000 });
  if (run.error) throw run.error;
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** The client scenarios the suite lists (`conformance list`, its "Client scenarios" section). */
function clientScenarios(node = node22()) {
  const listed = runConformance(['list'], node);
  if (listed.status !== 0) throw new Error(`conformance list failed (${listed.status}):\n${listed.stderr}`);
  const section = listed.stdout.split(/^Client scenarios.*$/m)[1] ?? '';
  return [...section.matchAll(/^\s+- (\S+)/gm)].map(([, name]) => name);
}

module.exports = { CLI, NODE_22, node22, runConformance, clientScenarios };

if (require.main === module && process.argv.includes('--prefetch')) {
  try {
    const node = node22();
    const scenarios = clientScenarios(node);
    if (scenarios.length === 0) throw new Error('conformance list named no client scenario');
    const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
    console.log(`MCP conformance suite ready on Node ${version} (${node}): ${scenarios.length} client scenarios`);
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
