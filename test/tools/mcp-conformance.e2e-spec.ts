import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The official conformance suite of the protocol's authors runs each client scenario: it starts its
// test server, runs conformance-client.ts (our McpToolServer) against it and checks what arrived.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const conformance = require('../../scripts/mcp-conformance.cjs') as {
  CLI: string;
  node22(): string;
  clientScenarios(node: string): string[];
};

const ROOT = join(__dirname, '../..');
const CLIENT = join(__dirname, 'conformance-client.ts');
const EXPECTED_FAILURES = join(__dirname, 'conformance-expected-failures.txt');
const CLIENT_TIMEOUT_MS = 20_000;

/** What McpToolServer hands the model from each scenario's tools (the client prints a line per call). */
const OUTPUTS: Record<string, unknown[]> = {
  initialize: [],
  tools_call: [{ tool: 'add_numbers', text: 'The sum of 2 and 3 is 5', isError: false }],
  'sse-retry': [{ tool: 'test_reconnection', text: 'Reconnection test completed successfully', isError: false }],
};

interface ExpectedFailure {
  pattern: string;
  kind: 'fails' | 'skip';
  reason: string;
  matches(scenario: string): boolean;
}

function readExpectedFailures(): ExpectedFailure[] {
  const lines = readFileSync(EXPECTED_FAILURES, 'utf8').split('\n');
  return lines
    .filter((line) => line.trim() && !line.startsWith('#'))
    .map((line) => {
      const parsed = /^(\S+) (fails|skip) (\S.*)$/.exec(line);
      if (!parsed) throw new Error(`${EXPECTED_FAILURES}: "${line}" is not "<scenario> fails|skip <reason>"`);
      const [, pattern, kind, reason] = parsed;
      const prefix = pattern.endsWith('*') ? pattern.slice(0, -1) : undefined;
      return { pattern, kind: kind as ExpectedFailure['kind'], reason, matches: (s) => (prefix === undefined ? s === pattern : s.startsWith(prefix)) };
    });
}

interface Check {
  id: string;
  name: string;
  status: 'SUCCESS' | 'FAILURE' | 'WARNING' | 'INFO';
  description: string;
  errorMessage?: string;
}

interface Run {
  exitCode: number | null;
  /** The suite's own account (ANSI colours removed), for failure messages. */
  output: string;
  /** The suite's checks.json; undefined when it wrote none. */
  checks?: Check[];
  /** The client's stdout: a JSON line per tool call. */
  calls: unknown[];
}

const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;

/** One scenario through the suite's CLI, its results kept in a scratch folder that is removed after. */
async function runScenario(node: string, scenario: string): Promise<Run> {
  const out = mkdtempSync(join(tmpdir(), 'mcp-conformance-'));
  try {
    // The suite splits the command at spaces and runs it through a shell: quoted paths survive both.
    const command = [process.execPath, '-r', '@swc-node/register', CLIENT].map(quote).join(' ');
    const args = [conformance.CLI, 'client', '--command', command, '--scenario', scenario, '--output-dir', out, '--timeout', String(CLIENT_TIMEOUT_MS)];
    const child = spawn(node, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exitCode = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', resolve);
    });
    const files = readdirSync(out, { recursive: true, encoding: 'utf8' });
    const read = (name: string) => {
      const file = files.find((f) => f.endsWith(name));
      return file === undefined ? undefined : readFileSync(join(out, file), 'utf8');
    };
    const checks = read('checks.json');
    const stdout = read('stdout.txt') ?? '';
    return {
      exitCode,
      output: output.replace(/\x1b\[[0-9;]*m/g, ''),
      checks: checks === undefined ? undefined : (JSON.parse(checks) as Check[]),
      calls: stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as unknown),
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** The suite's own verdict: its client exited 0 and it recorded successes and no failure or warning. */
function passed(run: Run): boolean {
  const checks = run.checks ?? [];
  return run.exitCode === 0 && checks.some((c) => c.status === 'SUCCESS') && !checks.some((c) => c.status === 'FAILURE' || c.status === 'WARNING');
}

function report(scenario: string, run: Run, verdict: string): string {
  const bad = (run.checks ?? []).filter((c) => c.status === 'FAILURE' || c.status === 'WARNING');
  return [
    `conformance scenario ${scenario}: ${verdict} (suite exit ${run.exitCode}, ${run.checks ? `${run.checks.length} checks` : 'no checks.json'})`,
    ...bad.map((c) => `  ${c.status} ${c.name}: ${c.errorMessage ?? c.description}`),
    '--- the suite said ---',
    run.output.trim(),
  ].join('\n');
}

// Resolved while jest collects the tests: the scenarios are the suite's own list, so a scenario a
// new version adds is run (and must pass, or be given a line in the expected-failures file).
const node = conformance.node22();
const scenarios = conformance.clientScenarios(node);
const expectedFailures = readExpectedFailures();
const entryFor = (scenario: string) => expectedFailures.find((e) => e.matches(scenario));

describe('McpToolServer against the MCP conformance suite (@modelcontextprotocol/conformance, client scenarios)', () => {
  it('lists the client scenarios, and every expected-failures line names some of them', () => {
    expect(scenarios).toEqual(expect.arrayContaining(['initialize', 'tools_call', 'sse-retry']));
    const stale = expectedFailures.filter((entry) => !scenarios.some((s) => entry.matches(s)));
    expect(stale.map((entry) => entry.pattern)).toEqual([]);
  });

  for (const scenario of scenarios) {
    const entry = entryFor(scenario);
    if (entry?.kind === 'skip') continue;
    if (entry) {
      it(`${scenario}: fails, as expected (${entry.reason})`, async () => {
        const run = await runScenario(node, scenario);
        if (passed(run)) throw new Error(report(scenario, run, `passes now: remove its line from ${EXPECTED_FAILURES}`));
        // Failed on the suite's checks, not because the suite or the client could not run.
        if (!run.checks?.some((c) => c.status === 'FAILURE')) throw new Error(report(scenario, run, 'did not fail on a check'));
      });
      continue;
    }
    it(`${scenario}: passes`, async () => {
      const run = await runScenario(node, scenario);
      if (!passed(run)) throw new Error(report(scenario, run, 'failed'));
      if (scenario in OUTPUTS) expect(run.calls).toEqual(OUTPUTS[scenario]);
    });
  }

  for (const entry of expectedFailures.filter((e) => e.kind === 'skip')) {
    const count = scenarios.filter((s) => entry.matches(s)).length;
    it.skip(`${entry.pattern} (${count} scenarios), not run: ${entry.reason}`, () => undefined);
  }
});
