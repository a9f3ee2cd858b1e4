// Issue 14: an attacker with an ordinary account against the embedded default. The built server in
// its own process (scratch DATA_DIR, 127.0.0.1, a free port); an attacker and a bystander sign up;
// each of attacks 1–7 runs alone, then all at once, while /api/health is probed every 100 ms, the
// bystander lists assistants (and, beside 1–3 and 5, chats or uploads a note), and the server's
// RSS is sampled. Every attack stops at a deadline; a task it started that is still working then
// (a big valid file) is waited for, so memory is judged after the work and not in the middle of
// it; a server left stuck is killed and started again.
// Targets: no request over 1 s, health p95 ≤ 50 ms, RSS 30 s after the work within baseline ± 200 MB.
import { attacks, docxBomb, finishPending, tinyRowsCsv } from './abuse-attacks.mjs';
import { member, pause, seconds, startBystanderReads, startMonitor, tally } from './abuse-support.mjs';
import { startApi } from './support.mjs';

const BASELINE_MS = seconds('BENCH_ABUSE_BASELINE_SECONDS', 3);
const ATTACK_MS = seconds('BENCH_ABUSE_ATTACK_SECONDS', 60);
const AFTER_MS = seconds('BENCH_ABUSE_AFTER_SECONDS', 30);
/** Valid but big work still running at the deadline is waited for this long before memory is judged. */
const DRAIN_MS = seconds('BENCH_ABUSE_DRAIN_SECONDS', 900);
/** Even an attack refused at once is watched this long, so its health figures have samples. */
const MIN_DURING_MS = seconds('BENCH_ABUSE_MIN_DURING_SECONDS', 5);
const MiB = 1024 * 1024;

/** The built server (a busy machine may need long to start it) with an attacker and a bystander signed up. */
async function boot(note, attempts = 2) {
  const started = performance.now();
  const api = await startApi({ LOG_LEVEL: 'error' }, { readyTimeoutMs: 180_000 });
  try {
    const attacker = await member(api.base, 'attacker');
    const bystander = await member(api.base, 'bystander');
    bystander.assistantId = (await bystander.call('POST', '/api/assistants', { name: 'Bystander private' })).id;
    bystander.conversationId = (await bystander.call('POST', '/api/conversations', { assistantId: bystander.assistantId })).id;
    console.log(`  (server ${note ?? 'started'} in ${ms(performance.now() - started)}: pid ${api.pid})`);
    return { api, attacker, bystander };
  } catch (error) {
    const exit = api.running ? 'still running' : JSON.stringify(await api.exited);
    await api.stop({ killAfterMs: 2000 });
    if (attempts <= 1) throw error;
    console.log(`  (a new server failed its set-up (${error.cause?.code ?? error.message}; process ${exit}): starting another)`);
    return boot(note, attempts - 1);
  }
}

/**
 * Runs one attack to its outcome; never throws. Its requests and polls end at the deadline signal
 * and it tells what was still running; should it not, it is cut off shortly after.
 */
async function settle(attack, ctx, state) {
  const started = performance.now();
  const unanswered = { outcome: 'did not finish', detail: `still running after ${ATTACK_MS / 1000} s` };
  const deadline = new Promise((resolve) => ctx.signal.addEventListener('abort', () => setTimeout(resolve, 3000, unanswered).unref(), { once: true }));
  const result = await Promise.race([attack.run(ctx, state).catch((error) => ({ outcome: 'failed', detail: `bench error: ${error.message}` })), deadline]);
  return { key: attack.key, ...result, ms: performance.now() - started };
}

/** `spare`: when an attack is still running at the deadline, start the next server during the 30 s after (a busy machine takes a minute to start one). */
async function runPhase(server, phase, { spare: wantSpare }) {
  const ctx = { api: server.api, attacker: server.attacker, bystander: server.bystander };
  const states = [];
  for (const attack of phase.attacks) states.push(await attack.prepare?.(ctx));
  const monitor = startMonitor(server.api);
  const t0 = performance.now();
  await pause(BASELINE_MS);
  const t1 = performance.now();
  monitor.resetPeak();
  const stopReads = startBystanderReads(server.api, server.bystander);
  const signal = AbortSignal.timeout(ATTACK_MS);
  const settled = await Promise.all(phase.attacks.map((attack, i) => settle(attack, { ...ctx, signal }, states[i])));
  // Health and the bystander's reads go on being measured while that work ends; memory is judged after it.
  const drainSignal = AbortSignal.timeout(DRAIN_MS);
  const results = await Promise.all(settled.map((result) => finishPending(server.api.base, result, drainSignal)));
  const elapsed = performance.now() - t1;
  if (elapsed < MIN_DURING_MS) await pause(MIN_DURING_MS - elapsed);
  const reads = await stopReads();
  const unfinished = results.some((r) => r.outcome === 'did not finish');
  const spare = wantSpare && unfinished ? boot('started beside the stuck one').catch(() => undefined) : undefined;
  const t2 = performance.now();
  const hwm = monitor.peakSinceReset();
  await pause(AFTER_MS);
  const t3 = performance.now();
  await monitor.stop();
  const rssBase = monitor.rss(t0, t1);
  const rssDuring = monitor.rss(t1, t2);
  const rssAfter = monitor.rss(t2, t3);
  const tail = monitor.health(t3 - 5000, t3);
  const exited = !server.api.running;
  return {
    phase,
    results,
    spare,
    health: monitor.health(t1, t2),
    healthBefore: monitor.health(t0, t1),
    reads,
    rss: { base: rssBase.at(-1) ?? null, peak: Math.max(hwm ?? 0, ...rssDuring), after: rssAfter.at(-1) ?? null },
    // Still busy with the attack, or not answering at the end: the next attack would measure this one.
    wedged: exited
      ? 'the server exited'
      : unfinished
        ? 'an attack did not finish'
        : tail.n === 0 || tail.timedOut || tail.failed || tail.max > 1000
          ? `health still failing ${AFTER_MS / 1000} s after`
          : null,
  };
}

/** A phase that could not be set up (the server gone or stuck from the one before): reported, then the server restarts. */
const failedPhase = (phase, error) => ({
  phase,
  results: [{ key: phase.attacks.map((a) => a.key).join('+'), outcome: 'not run', detail: `set-up failed: ${error.message}`, ms: 0 }],
  health: { n: 0 },
  healthBefore: { n: 0 },
  reads: { n: 0 },
  rss: { base: null, peak: null, after: null },
  wedged: 'set-up failed',
});

const ms = (v) =>
  v === undefined || v === null ? '–' : v >= 10_000 ? `${(v / 1000).toFixed(0)} s` : v >= 1000 ? `${(v / 1000).toFixed(1)} s` : `${v.toFixed(0)} ms`;
const mib = (b) => (b ? `${Math.round(b / MiB)}` : '–');

function verdict(row) {
  const misses = [];
  const h = row.health;
  if (!h.n || h.p95 > 50) misses.push('health p95');
  if (!h.n || h.max > 1000 || h.timedOut || !row.reads.n || row.reads.max > 1000 || row.reads.timedOut) misses.push('request > 1 s');
  const turns = row.results.filter((r) => r.bystander?.what === 'turn');
  if (turns.some((r) => r.bystander.doneMs === null || r.bystander.doneMs > 1000)) misses.push('bystander turn > 1 s');
  if (row.rss.after === null || row.rss.base === null || Math.abs(row.rss.after - row.rss.base) > 200 * MiB) misses.push('memory');
  return misses.length ? `not met (${misses.join(', ')})` : 'met';
}

function print(rows) {
  console.log(
    '\n| attack | outcome | attack time | health p50 / p95 / max | health > 1 s / timed out (of n) | bystander GET /api/assistants p95 / max | bystander turn / note done | RSS MiB base → peak → after | target |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const row of rows) {
    const h = row.health;
    const outcome = tally(row.results.map((r) => r.outcome));
    const bystander =
      tally(
        row.results.filter((r) => r.bystander).map((r) => `${r.bystander.what} ${r.bystander.doneMs === null ? r.bystander.status : ms(r.bystander.doneMs)}`),
      ) || '–';
    const time = ms(Math.max(...row.results.map((r) => r.ms)));
    console.log(
      `| ${row.phase.title} | ${outcome}${row.wedged ? ` (stuck: ${row.wedged})` : ''} | ${time} | ${ms(h.p50)} / ${ms(h.p95)} / ${ms(h.max)} | ${h.overSecond ?? '–'} / ${h.timedOut ?? '–'} (${h.n}) | ${ms(row.reads.p95)} / ${ms(row.reads.max)} | ${bystander} | ${mib(row.rss.base)} → ${mib(row.rss.peak)} → ${mib(row.rss.after)} | ${verdict(row)} |`,
    );
  }
  console.log('\nOutcomes:');
  for (const row of rows) for (const r of row.results) console.log(`  ${row.results.length > 1 ? 'all, ' : ''}${r.key}: ${r.outcome}: ${r.detail}`);
  const before = rows.map((r) => r.healthBefore).filter((h) => h.n);
  console.log(`Health before the attacks (each phase's ${BASELINE_MS / 1000} s baseline): p95 ${before.map((h) => ms(h.p95)).join(', ')}`);
}

export async function run() {
  const docxMb = Number(process.env.BENCH_ABUSE_DOCX_MB ?? 200);
  const files = { yyy: Buffer.from('y'.repeat(100_000)), csv: tinyRowsCsv(2_000_000), docx: await docxBomb(docxMb * 1e6) };
  console.log(
    `files: 100 KB of y, ${(files.csv.length / 1e6).toFixed(1)} MB CSV, DOCX of ${(files.docx.length / 1024).toFixed(0)} KiB holding ${docxMb} MB of XML`,
  );
  const all = attacks(files);
  const wanted = (process.env.BENCH_ABUSE_ATTACKS ?? `${all.map((a) => a.key).join(',')},all`).split(',');
  const phases = [
    ...all.filter((a) => wanted.includes(a.key)).map((a) => ({ title: a.title, attacks: [a] })),
    ...(wanted.includes('all') ? [{ title: 'all at once', attacks: all }] : []),
  ];
  console.log(
    `${phases.length} phases: ${BASELINE_MS / 1000} s baseline, each attack stopped after ${ATTACK_MS / 1000} s, then ${AFTER_MS / 1000} s to recover`,
  );
  const rows = [];
  const benchStarted = performance.now();
  let server = await boot();
  try {
    for (const phase of phases) {
      console.log(`  ${phase.title} … (at ${ms(performance.now() - benchStarted)})`);
      const last = phase === phases.at(-1);
      const row = await runPhase(server, phase, { spare: !last }).catch((error) => failedPhase(phase, error));
      rows.push(row);
      console.log(
        `    ${row.results.map((r) => `${r.key}: ${r.outcome} (${ms(r.ms)})`).join('; ')}; health p95 ${ms(row.health.p95)}, max ${ms(row.health.max)}`,
      );
      if (row.wedged && !last) {
        // Stuck or busy with the attack: its shutdown hooks may never run, and its data is scratch.
        await server.api.stop({ killAfterMs: 2000 });
        server = (await row.spare) ?? (await boot(`restarted, ${row.wedged}`));
      }
    }
  } finally {
    await server.api.stop({ killAfterMs: 2000 });
  }
  print(rows);
  console.log(`Whole run: ${ms(performance.now() - benchStarted)}`);
}
