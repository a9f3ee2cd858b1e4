import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { join, resolve } from 'node:path';
import { HashingEmbedder } from './hashing-embedder';
import { createEmbedder } from './create-embedder';
import { FETCH_MODEL_HINT, LocalOnnxEmbedder, localModelPresent } from './local-onnx-embedder';
import { LlmRejectedError, LlmUnavailableError } from '@assistants/domain';
import { ThreadedOnnxEmbedder } from './threaded-embedder';

// The real model, fetched by `npm test` (scripts/test.mjs) before jest starts.
const MODEL_DIR = resolve(__dirname, '../../../../.cache/models/all-minilm-l6-v2-q');
const present = localModelPresent(MODEL_DIR);
if (!present) console.warn(`SKIPPED: local embedding model not in ${MODEL_DIR} (could not be fetched?); run ${FETCH_MODEL_HINT}`);

const dot = (a: number[], b: number[]) => a.reduce((sum, x, i) => sum + x * b[i], 0);
const words = (n: number, seed: string) => Array.from({ length: n }, (_, i) => `${seed}${i % 50}`).join(' ');

(present ? describe : describe.skip)('LocalOnnxEmbedder (real model, real runtime)', () => {
  const embedder = new LocalOnnxEmbedder({ modelDir: MODEL_DIR, threads: 1 });
  beforeAll(() => embedder.warmUp());
  afterAll(() => embedder.close());

  it('ranks a passage that answers above a nearby topic and an unrelated one', async () => {
    const [query, relevant, nearby, unrelated] = await embedder.embed([
      'How do I get my money back for a purchase?',
      'Refunds: you can return any item within 30 days and we reimburse the full price to your card.',
      'Shipping: orders are delivered within 5 business days; tracking numbers are emailed.',
      'The Eiffel Tower is a wrought-iron lattice tower in Paris, completed in 1889.',
    ]);
    const [r, n, u] = [relevant, nearby, unrelated].map((v) => dot(query, v));
    expect(r).toBeGreaterThan(0.45);
    expect(r - n).toBeGreaterThan(0.2);
    expect(n).toBeGreaterThan(u);
    expect(u).toBeLessThan(0.15);
  });

  it('gives a text the same vector alone and in a batch, each of unit length and 384 dimensions', async () => {
    const texts = ['short', 'A longer sentence about refunds and the return of goods bought online.', 'Привет, мир! Как вернуть деньги за покупку?', ''];
    const batch = await embedder.embed(texts);
    for (const [i, text] of texts.entries()) {
      const [alone] = await embedder.embed([text]);
      expect(alone).toHaveLength(384);
      expect(Math.max(...alone.map((x, d) => Math.abs(x - batch[i][d])))).toBeLessThan(1e-5);
      expect(Math.hypot(...alone)).toBeCloseTo(1, 5);
      expect(alone.every(Number.isFinite)).toBe(true);
    }
  });

  it('reads only the first 256 word pieces of a long text', async () => {
    const head = words(400, 'alpha');
    const [a, b, headOnly] = await embedder.embed([`${head} ${words(3000, 'omega')}`, `${head} ${words(10, 'zulu')}`, words(40, 'alpha')]);
    expect(dot(a, b)).toBeGreaterThan(1 - 1e-5);
    expect(dot(a, headOnly)).toBeLessThan(1 - 1e-3);
  });

  it('stops before the next text once the caller aborts', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(embedder.embed(['x'], controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('is what the factory builds, on a worker thread, for the local provider when the files are there', () => {
    const warnings: string[] = [];
    expect(createEmbedder({ provider: 'local', localModelDir: MODEL_DIR }, (m) => warnings.push(m))).toBeInstanceOf(ThreadedOnnxEmbedder);
    expect(createEmbedder({ localModelDir: MODEL_DIR }, (m) => warnings.push(m))).toBeInstanceOf(ThreadedOnnxEmbedder);
    expect(warnings).toEqual([]);
  });

  describe('on its worker thread', () => {
    const threaded = new ThreadedOnnxEmbedder({ modelDir: MODEL_DIR, threads: 1 });
    afterAll(() => threaded.close());

    it('gives the same vectors as on this thread', async () => {
      const texts = ['Refunds within 30 days.', 'Привет, мир!', ''];
      const [here, there] = await Promise.all([embedder.embed(texts), threaded.embed(texts)]);
      expect(there).toHaveLength(3);
      there.forEach((v, i) => expect(Math.max(...v.map((x, d) => Math.abs(x - here[i][d])))).toBeLessThan(1e-6));
      expect(await threaded.embed([])).toEqual([]);
    });

    it('answers an abort at once and keeps working afterwards', async () => {
      const controller = new AbortController();
      const pending = threaded.embed([words(400, 'alpha'), words(400, 'beta')], controller.signal);
      controller.abort();
      await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
      expect(await threaded.embed(['still here'])).toHaveLength(1);
    });

    it('reports the pool size it was given, and one worker by default on one core at least', () => {
      expect(new ThreadedOnnxEmbedder({ modelDir: MODEL_DIR, workers: 3 }).workers).toBe(3);
      expect(new ThreadedOnnxEmbedder({ modelDir: MODEL_DIR }).workers).toBeGreaterThanOrEqual(1);
    });

    it('passes on a missing model as a rejection that is not retried', async () => {
      const missing = new ThreadedOnnxEmbedder({ modelDir: join(tmpdir(), 'no-such-model') });
      try {
        await expect(missing.warmUp()).rejects.toBeInstanceOf(LlmRejectedError);
      } finally {
        await missing.close();
      }
    });
  });
});

(present ? describe : describe.skip)('ThreadedOnnxEmbedder as a pool of two single-threaded workers', () => {
  const here = new LocalOnnxEmbedder({ modelDir: MODEL_DIR, threads: 1 });
  const pool = new ThreadedOnnxEmbedder({ modelDir: MODEL_DIR, workers: 2, threads: 1 });
  const cosine = (a: number[], b: number[]) => dot(a, b) / Math.sqrt(dot(a, a) * dot(b, b));
  const workerOf = (index: number) => (pool as unknown as { slots: ({ worker: Worker } | undefined)[] }).slots[index];
  beforeAll(() => pool.warmUp());
  afterAll(() => Promise.all([pool.close(), here.close()]));

  it('starts both workers on warmUp and splits a batch across them, each text with the vector it has on this thread', async () => {
    expect([workerOf(0), workerOf(1)].every(Boolean)).toBe(true);
    const texts = Array.from({ length: 11 }, (_, i) => `${words(20 + 7 * i, `w${i}x`)} refunds within ${i} days`);
    texts.push('Привет, мир!', '');
    const [alone, split] = await Promise.all([here.embed(texts), pool.embed(texts)]);
    expect(split).toHaveLength(texts.length);
    split.forEach((v, i) => {
      expect(cosine(v, alone[i])).toBeCloseTo(1, 6);
      expect(Math.max(...v.map((x, d) => Math.abs(x - alone[i][d])))).toBeLessThan(1e-6);
    });
  });

  it('lets a question asked during a batch finish before the batch', async () => {
    const finished: string[] = [];
    const batch = pool.embed(Array.from({ length: 16 }, (_, i) => words(200, `b${i}y`))).then(() => finished.push('batch'));
    const question = pool.embed(['How long is the notice period?']).then(([v]) => (finished.push('question'), v));
    const [vector] = await Promise.all([question, batch]);
    expect(finished).toEqual(['question', 'batch']);
    expect(cosine(vector, (await here.embed(['How long is the notice period?']))[0])).toBeCloseTo(1, 6);
  });

  it('fails only the texts of a worker that dies, and starts a new worker for the next call', async () => {
    // Both idle and loaded: the first call goes to worker 0, the second to worker 1.
    const lost = pool.embed(['on the worker that dies']);
    const kept = pool.embed(['on the other worker']);
    const dying = workerOf(0)!.worker;
    // Stopping a thread inside the native runtime aborts the process, so the crash is the error
    // event a dead worker sends; the thread itself is stopped once it has answered.
    const answered = new Promise((resolve) => dying.once('message', resolve));
    dying.emit('error', new Error('simulated crash'));
    await expect(lost).rejects.toThrow(/local embedding worker failed: simulated crash/);
    await expect(lost).rejects.toBeInstanceOf(LlmUnavailableError);
    expect(await kept).toHaveLength(1);
    expect(workerOf(0)).toBeUndefined();
    await answered;
    await dying.terminate();
    const again = await pool.embed(['after the crash', 'a second text']);
    expect(cosine(again[0], (await here.embed(['after the crash']))[0])).toBeCloseTo(1, 6);
    expect(workerOf(0)!.worker).not.toBe(dying);
  });

  it('answers an abort at once, drops the pieces not yet sent and keeps working', async () => {
    const controller = new AbortController();
    const pending = pool.embed(
      Array.from({ length: 24 }, (_, i) => words(300, `a${i}z`)),
      controller.signal,
    );
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect((pool as unknown as { queue: unknown[] }).queue).toHaveLength(0);
    expect(await pool.embed(['still here'])).toHaveLength(1);
  });
});

describe('local embedding model missing', () => {
  const empty = mkdtempSync(join(tmpdir(), 'no-model-'));
  afterAll(() => rmSync(empty, { recursive: true, force: true }));

  it('falls back to the hashing embedder with a warning that says how to fetch the model', () => {
    const warnings: string[] = [];
    const embedder = createEmbedder({ provider: 'local', localModelDir: empty }, (m) => warnings.push(m));
    expect(embedder).toBeInstanceOf(HashingEmbedder);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(empty);
    expect(warnings[0]).toContain('node scripts/embedding-model.cjs --prefetch');
  });

  it('keeps the hashing embedder selectable without a warning', () => {
    const warnings: string[] = [];
    expect(createEmbedder({ provider: 'hashing', localModelDir: empty }, (m) => warnings.push(m))).toBeInstanceOf(HashingEmbedder);
    expect(warnings).toEqual([]);
  });

  it('rejects, without retry, when built directly on a folder without the files', async () => {
    const embedder = new LocalOnnxEmbedder({ modelDir: empty });
    await expect(embedder.embed(['x'])).rejects.toBeInstanceOf(LlmRejectedError);
    await expect(embedder.warmUp()).rejects.toThrow(/embedding-model\.cjs --prefetch/);
  });
});
