// The seven attacks of issue 14 (items 1–7), as an ordinary member would make them, each bounded
// by the phase's deadline signal. An attack answers { outcome, detail, bystander? }: `done` (the
// server did the work), `refused` (a clear 4xx, or a document failed with a reason), `failed`
// (anything else), `did not finish` (still running at the deadline).
import { Document, Packer, Paragraph } from 'docx';
import { Zip, ZipDeflate, strFromU8, strToU8, unzipSync } from 'fflate';
import http from 'node:http';
import { bounded, pause, tally, timedRequest, waitTask } from './abuse-support.mjs';

const MB = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
const EXPORTS = Number(process.env.BENCH_ABUSE_EXPORTS ?? 30);
const STRANGER_UPLOADS = Number(process.env.BENCH_ABUSE_STRANGER_UPLOADS ?? 5);
const STRANGER_BYTES = 20_000_000;

/** A small .docx whose document.xml holds `xmlBytes` of empty-ish paragraphs: an element bomb. */
export async function docxBomb(xmlBytes) {
  const base = unzipSync(await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph({ text: 'Quarterly report' })] }] })));
  const parts = [];
  const zip = new Zip((error, chunk) => {
    if (error) throw error;
    parts.push(chunk);
  });
  for (const [name, data] of Object.entries(base)) {
    const entry = new ZipDeflate(name, { level: 9 });
    zip.add(entry);
    if (name !== 'word/document.xml') {
      entry.push(data, true);
      continue;
    }
    const xml = strFromU8(data);
    const at = xml.indexOf('<w:body>') + '<w:body>'.length;
    entry.push(strToU8(xml.slice(0, at)));
    const block = strToU8('<w:p><w:r><w:t>a</w:t></w:r></w:p>'.repeat(30_000));
    for (let written = 0; written < xmlBytes; written += block.length) entry.push(block);
    entry.push(strToU8(xml.slice(at)), true);
  }
  zip.end();
  return Buffer.concat(parts);
}

/** A one-column CSV of `bytes` bytes: a header and rows of one digit, one chunk each before the fix. */
export const tinyRowsCsv = (bytes) => Buffer.from(`n\n${'1\n'.repeat(Math.floor(bytes / 2) - 1)}`);

/**
 * Outcome of an attacker's task: a failure with a reason is the server refusing the input. A task
 * still running at the deadline keeps what `finishPending` needs to wait for it.
 */
function taskOutcome(r, what) {
  if (r.status === 'done') return { outcome: 'done', detail: `${what} done in ${s(r.doneMs)}` };
  if (r.status === 'did not finish') {
    const detail = `${what} still ${r.lastStatus === 'unknown' ? 'running (no status poll answered)' : r.lastStatus}${r.progress ? ` (${r.progress}%)` : ''}`;
    return { outcome: 'did not finish', detail, pending: { what, taskId: r.taskId, token: r.token, startedAt: r.startedAt } };
  }
  if (r.status === 'failed' && r.error) return { outcome: 'refused', detail: `${what} failed after ${s(r.doneMs)}: ${r.error.slice(0, 160)}` };
  return { outcome: 'failed', detail: `${what} ${r.status} after ${s(r.doneMs)}` };
}

/**
 * Legitimate long work (a big but valid file) is not a stall: waits, up to `signal`, for a task
 * that was still running at the attack's deadline, and tells how it ended.
 */
export async function finishPending(base, result, signal) {
  if (!result.pending?.taskId) return result;
  const { what, taskId, token, startedAt } = result.pending;
  const r = await waitTask(base, token, taskId, signal, { startedAt, everyMs: 1000 });
  if (r.status === 'did not finish')
    return { ...result, detail: `${result.detail}; still ${r.lastStatus}${r.progress ? ` (${r.progress}%)` : ''} when the bench stopped waiting` };
  const settled = taskOutcome({ ...r, token, startedAt }, what);
  return { ...result, ...settled, pending: undefined, detail: `${settled.detail} (after the attack's deadline)` };
}

/** A refused request: its status and the problem's title or detail. */
function refusal(r, what) {
  const reason = (() => {
    try {
      const problem = JSON.parse(r.text);
      return problem.detail ?? problem.title ?? '';
    } catch {
      return r.error ?? '';
    }
  })();
  const outcome = r.status >= 400 && r.status < 500 ? 'refused' : r.timedOut ? 'did not finish' : 'failed';
  return { outcome, detail: `${what} → ${r.status ?? r.error} after ${s(r.ms)}${reason ? `: ${String(reason).slice(0, 160)}` : ''}` };
}

async function turn(ctx, who, conversationId, content) {
  const startedAt = Date.now();
  const r = await timedRequest(`${ctx.api.base}/api/conversations/${conversationId}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${who.token}` },
    body: JSON.stringify({ content }),
    signal: bounded(ctx.signal, 120_000),
  });
  if (r.status !== 202) return { request: r };
  return { request: r, ...(await waitTask(ctx.api.base, who.token, JSON.parse(r.text).taskId, ctx.signal, { startedAt })), token: who.token, startedAt };
}

async function upload(ctx, who, assistantId, bytes, filename, type) {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type }), filename);
  const startedAt = Date.now();
  const r = await timedRequest(`${ctx.api.base}/api/assistants/${assistantId}/documents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${who.token}` },
    body: form,
    signal: bounded(ctx.signal, 120_000),
  });
  if (r.status !== 202) return { request: r };
  return { request: r, ...(await waitTask(ctx.api.base, who.token, JSON.parse(r.text).taskId, ctx.signal, { startedAt })), token: who.token, startedAt };
}

/** The bystander's own small work beside an attack, timed to done. */
const bystanderResult = (what, r) => ({
  what,
  status: r.status ?? `POST ${r.request.timedOut ? 'unanswered' : (r.request.status ?? r.request.error)}`,
  doneMs: r.status === 'done' ? r.doneMs : null,
});
const bystanderTurn = (ctx) =>
  turn(ctx, ctx.bystander, ctx.bystander.conversationId, 'How many days of annual leave do I have?').then((r) => bystanderResult('turn', r));
let notes = 0;
const bystanderNote = (ctx) =>
  upload(
    ctx,
    ctx.bystander,
    ctx.bystander.assistantId,
    Buffer.from(`Office hours (note ${++notes}, ${Date.now()})\nThe office closes at 6 pm on Fridays.\n`),
    `note-${notes}.txt`,
    'text/plain',
  ).then((r) => bystanderResult('note', r));

const ownAssistant = async (ctx, name) => (await ctx.attacker.call('POST', '/api/assistants', { name })).id;

function chatAttack(key, length) {
  return {
    key,
    title: `1. chat message of ${length.toLocaleString('en')} × x`,
    async prepare(ctx) {
      const assistantId = await ownAssistant(ctx, `Attacker chat ${key}`);
      return { conversationId: (await ctx.attacker.call('POST', '/api/conversations', { assistantId })).id };
    },
    async run(ctx, state) {
      const attack = turn(ctx, ctx.attacker, state.conversationId, 'x'.repeat(length));
      await pause(500);
      const [a, bystander] = await Promise.all([attack, bystanderTurn(ctx)]);
      return { ...(a.status ? taskOutcome(a, 'turn') : refusal(a.request, 'POST message')), bystander };
    },
  };
}

function ingestAttack(key, title, file) {
  return {
    key,
    title,
    prepare: async (ctx) => ({ assistantId: await ownAssistant(ctx, `Attacker files ${key}`) }),
    async run(ctx, state) {
      const { bytes, name, type } = file(ctx);
      const attack = upload(ctx, ctx.attacker, state.assistantId, bytes, name, type);
      await pause(200); // the note comes right after the attacker's file
      const [a, bystander] = await Promise.all([attack, bystanderNote(ctx)]);
      return { ...(a.status ? taskOutcome(a, `${name} (${MB(bytes.length)})`) : refusal(a.request, 'upload')), bystander };
    },
  };
}

const previewAttack = {
  key: '4',
  title: '4. template preview 10,000 × {{a}}, a = 50,000 chars',
  async run(ctx) {
    const r = await timedRequest(`${ctx.api.base}/api/templates/preview`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ctx.attacker.token}` },
      body: JSON.stringify({ promptText: '{{a}}'.repeat(10_000), variables: { a: 'a'.repeat(50_000) } }),
      signal: ctx.signal,
    });
    return r.status === 200 ? { outcome: 'done', detail: `200, ${MB(r.bytes)} in ${s(r.ms)}` } : refusal(r, 'preview');
  },
};

const exportAttack = {
  key: '6',
  title: `6. ${EXPORTS} concurrent PDF exports`,
  /** A conversation of 20 turns of ordinary prose to export. */
  async prepare(ctx) {
    const assistantId = await ownAssistant(ctx, 'Attacker export');
    const conversationId = (await ctx.attacker.call('POST', '/api/conversations', { assistantId, title: 'Long conversation' })).id;
    const prose = 'Employees are entitled to annual paid leave; the request goes to the manager two months ahead. '.repeat(15);
    const seeding = { ...ctx, signal: AbortSignal.timeout(120_000) };
    for (let i = 0; i < Number(process.env.BENCH_ABUSE_EXPORT_TURNS ?? 20); i++) await turn(seeding, ctx.attacker, conversationId, `${i}: ${prose}`);
    return { conversationId };
  },
  async run(ctx, state) {
    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: EXPORTS }, () =>
        timedRequest(`${ctx.api.base}/api/conversations/${state.conversationId}/export?format=pdf`, {
          headers: { authorization: `Bearer ${ctx.attacker.token}` },
          signal: ctx.signal,
        }),
      ),
    );
    const answers = tally(results.map((r) => r.status ?? (r.timedOut ? 'unfinished' : r.error)));
    const detail = `${answers} in ${s(performance.now() - started)}, ${MB(results.reduce((sum, r) => sum + (r.bytes ?? 0), 0))}`;
    if (results.some((r) => r.timedOut)) return { outcome: 'did not finish', detail };
    if (results.every((r) => r.status === 200)) return { outcome: 'done', detail };
    // A bounded pool may turn the surplus away: a 4xx, or 503 (busy, with Retry-After).
    const servedOrRefused = (r) => r.status === 200 || r.status === 503 || (r.status >= 400 && r.status < 500);
    return { outcome: results.every(servedOrRefused) ? 'refused' : 'failed', detail: `${detail} (some refused)` };
  },
};

/** Streams a 20 MB multipart body and notes how much of it was sent when the answer came. */
function strangerUpload(ctx, assistantId) {
  return new Promise((resolve) => {
    const boundary = `bench${Date.now()}`;
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\nContent-Type: text/plain\r\n\r\n`);
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const piece = Buffer.alloc(256 * 1024, 'z');
    const started = performance.now();
    let sent = 0;
    let answer;
    const finish = (extra) => resolve({ ms: performance.now() - started, sent, ...answer, ...extra });
    const req = http.request(`${ctx.api.base}/api/assistants/${assistantId}/documents`, {
      method: 'POST',
      signal: ctx.signal,
      headers: {
        authorization: `Bearer ${ctx.attacker.token}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': head.length + STRANGER_BYTES + tail.length,
      },
    });
    req.on('response', (res) => {
      answer = { status: res.statusCode, sentAtAnswer: sent, text: '' };
      res.on('data', (d) => (answer.text += d));
      res.on('end', () => {
        finish();
        req.destroy();
      });
    });
    req.on('error', (error) => finish(answer ? {} : { status: null, error: error.code ?? error.message, timedOut: error.name === 'AbortError' }));
    req.write(head);
    const write = () => {
      while (sent < STRANGER_BYTES && !answer) {
        const chunk = piece.subarray(0, Math.min(piece.length, STRANGER_BYTES - sent));
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', write);
      }
      if (!answer) req.end(tail);
    };
    write();
  });
}

const strangerAttack = {
  key: '7',
  title: `7. ${STRANGER_UPLOADS} × 20 MB upload to a stranger's private assistant`,
  async run(ctx) {
    const results = await Promise.all(Array.from({ length: STRANGER_UPLOADS }, () => strangerUpload(ctx, ctx.bystander.assistantId)));
    const worst = results.reduce((a, b) => (b.ms > a.ms ? b : a));
    const detail = `${tally(results.map((r) => r.status ?? r.error))}; slowest answer ${s(worst.ms)} after ${MB(worst.sentAtAnswer ?? worst.sent)} of ${MB(STRANGER_BYTES)} sent`;
    if (results.some((r) => r.timedOut)) return { outcome: 'did not finish', detail };
    // A server that answers before reading the body may close the connection under the rest of it.
    const turnedAway = (r) => (r.status >= 400 && r.status < 500) || (['ECONNRESET', 'EPIPE'].includes(r.error) && r.sent < STRANGER_BYTES);
    return { outcome: results.every(turnedAway) ? 'refused' : 'failed', detail };
  },
};

/** All attacks, in the issue's order; the bench generates the files once. */
export function attacks(files) {
  return [
    chatAttack('1a', 8_000),
    chatAttack('1b', 32_000),
    ingestAttack('2', "2. 100 KB of y, then the bystander's note", () => ({ bytes: files.yyy, name: 'yyy.txt', type: 'text/plain' })),
    ingestAttack('3', '3. 2 MB CSV of tiny rows, then the note', () => ({ bytes: files.csv, name: 'rows.csv', type: 'text/csv' })),
    previewAttack,
    ingestAttack('5', '5. DOCX bomb, then the note', () => ({
      bytes: files.docx,
      name: 'report.docx',
      type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    })),
    exportAttack,
    strangerAttack,
  ];
}
