// Export of a long conversation: how long each format takes, how big it is, and how much the
// export holds up other requests (health probes every 10 ms while it streams). Needs PostgreSQL
// (TEST_DATABASE_URL, default the local server) to seed the messages quickly; a fresh database
// is made for the run and dropped after it.
import pg from 'pg';
import { json, percentiles, startApi } from './support.mjs';

const MESSAGES = Number(process.env.EXPORT_BENCH_MESSAGES ?? 2000);
const PARAGRAPH = 'Сотрудник имеет право на ежегодный оплачиваемый отпуск. Employees are entitled to annual paid leave. ';
const REPEAT = 15; // about 1,500 characters a message
const SOURCES = JSON.stringify([{ citation: 1, filename: 'Справочник.md', position: 2, score: 0.9, text: PARAGRAPH }]);

async function probeWhile(base, work) {
  const latencies = [];
  let running = true;
  const probing = (async () => {
    while (running) {
      const t0 = performance.now();
      await fetch(`${base}/api/health`).then((r) => r.arrayBuffer());
      latencies.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  const t0 = performance.now();
  const result = await work();
  const ms = performance.now() - t0;
  running = false;
  await probing;
  return { ...result, ms, probes: { count: latencies.length, ...percentiles(latencies), max: Math.max(...latencies) } };
}

export async function run() {
  const server = new URL(process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres');
  const name = `assistants_bench_export_${Date.now()}`;
  const admin = new pg.Client({ connectionString: server.href });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(server.href);
  url.pathname = `/${name}`;
  const api = await startApi({ DATABASE_URL: url.href });
  try {
    const { accessToken } = await json(api.base, 'POST', '/api/auth/login', { email: 'bench@example.com', password: 'quiet-harbour-lamp-42' });
    const assistant = await json(api.base, 'POST', '/api/assistants', { name: 'Export bench' }, accessToken);
    const conversation = await json(api.base, 'POST', '/api/conversations', { assistantId: assistant.id, title: 'Длинный разговор' }, accessToken);
    const db = new pg.Client({ connectionString: url.href });
    await db.connect();
    await db.query(
      `INSERT INTO messages (id, conversation_id, role, content, status, search_results, created_at, updated_at)
       SELECT gen_random_uuid(), $1, (CASE WHEN i % 2 = 1 THEN 'user' ELSE 'assistant' END)::"MessageRole", i || ': ' || $2, 'done',
              CASE WHEN i % 2 = 0 THEN $3::jsonb END, now() + i * interval '1 second', now()
       FROM generate_series(1, $4::int) i`,
      [conversation.id, PARAGRAPH.repeat(REPEAT), SOURCES, MESSAGES],
    );
    await db.end();
    console.log(`conversation of ${MESSAGES} messages of ${PARAGRAPH.length * REPEAT} characters; health probes every 10 ms during each export`);
    console.log('| format | time | size | health p50 | health p99 | health max |');
    console.log('|---|---|---|---|---|---|');
    for (const format of ['md', 'txt', 'json', 'pdf', 'pdf']) {
      const r = await probeWhile(api.base, async () => {
        const res = await fetch(`${api.base}/api/conversations/${conversation.id}/export?format=${format}`, {
          headers: { authorization: `Bearer ${accessToken}` },
        });
        const bytes = (await res.arrayBuffer()).byteLength;
        if (!res.ok) throw new Error(`export ${format}: ${res.status}`);
        return { bytes };
      });
      const f = (v) => `${v.toFixed(1)} ms`;
      console.log(`| ${format} | ${f(r.ms)} | ${(r.bytes / 1024 / 1024).toFixed(2)} MiB | ${f(r.probes.p50)} | ${f(r.probes.p99)} | ${f(r.probes.max)} |`);
    }
  } finally {
    await api.stop();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
