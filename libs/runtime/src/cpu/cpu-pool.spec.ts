import { HashingEmbedder } from '@assistants/adapters';
import { PromptTooLongError } from '@assistants/domain';
import { UnsupportedDocumentError } from '@assistants/ingest';
import { getPriority } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { docxBomb } from '../../../../test/support/hostile-documents';
import { CpuPool, CpuTaskTimeoutError, InlineCpuRunner, ThreadOutOfMemoryError } from './cpu-pool';

const markdown = (sections: number) =>
  Array.from({ length: sections }, (_, i) => `# Part ${i}\n\n${'Employees may take parental leave after a year of service. '.repeat(40)}\n`).join('\n');

describe('CpuPool', () => {
  let pool: CpuPool;
  let warmed: { niceness: number }[];
  beforeAll(async () => {
    pool = new CpuPool(1);
    warmed = await pool.warm();
  });
  afterAll(() => pool.close());

  it('parses and chunks in a thread exactly as inline', async () => {
    const input = { filename: 'guide.md', mimeType: 'text/markdown', maxTokens: 100, overlapTokens: 10 };
    const content = Buffer.from(markdown(5));
    const inThread = await pool.run('parseAndChunk', { ...input, content });
    const inline = await new InlineCpuRunner().run('parseAndChunk', { ...input, content });
    expect(inThread.length).toBeGreaterThan(5);
    expect(inThread).toEqual(inline);
    expect(inThread[0].metadata.headingPath).toEqual(['Part 0']);
  });

  it('takes a transferred upload without copying it', async () => {
    const bytes = new Uint8Array(Buffer.from('Plain notes.'));
    const chunks = await pool.run(
      'parseAndChunk',
      { filename: 'n.txt', mimeType: 'text/plain', content: bytes, maxTokens: 50, overlapTokens: 5 },
      { transfer: [bytes.buffer as ArrayBuffer] },
    );
    expect(chunks.map((c) => c.text)).toEqual(['Plain notes.']);
    expect(bytes.byteLength).toBe(0); // handed over: detached here
  });

  it("keeps a task error's name and code across the thread boundary, so retry policies still recognise it", async () => {
    const run = pool.run('parseAndChunk', {
      filename: 'a.pdf',
      mimeType: 'application/pdf',
      content: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]),
      maxTokens: 50,
      overlapTokens: 5,
    });
    await expect(run).rejects.toMatchObject({
      name: 'UnsupportedDocumentError',
      message: expect.stringContaining('a.pdf'),
      problem: { code: 'document.old_office' },
    });
    await expect(run).rejects.toBeInstanceOf(UnsupportedDocumentError);
    // The thread survives a task's error.
    await expect(pool.run('hashEmbed', { texts: ['x'], dimensions: 8 })).resolves.toHaveLength(1);
  });

  it("gives back a big document's garbage once its thread is idle, not at the next document", async () => {
    const [before] = await pool.warm();
    // A 2 MB CSV of one-digit rows: hundreds of megabytes of short-lived strings while it is chunked.
    const content = Buffer.from(`n\n${'1\n'.repeat(1024 * 1024 - 1)}`);
    const chunks = await pool.run('parseAndChunk', { filename: 'rows.csv', mimeType: 'text/csv', content, maxTokens: 256, overlapTokens: 32 });
    expect(chunks.length).toBeGreaterThan(1000);
    // The thread collects before it replies, so the next task on it sees the heap as it was.
    const [after] = await pool.warm();
    expect(after.threadId).toBe(before.threadId);
    expect(after.heapUsed - before.heapUsed).toBeLessThan(64 * 1024 * 1024);
  });

  it('embeds offline like the hashing embedder', async () => {
    const texts = ['refund policy', 'parental leave'];
    expect(await pool.run('hashEmbed', { texts, dimensions: 64 })).toEqual(texts.map((t) => new HashingEmbedder(64).vector(t)));
  });

  it('leaves this thread free while a large document is chunked', async () => {
    const histogram = monitorEventLoopDelay({ resolution: 10 });
    histogram.enable();
    const chunking = pool.run('parseAndChunk', {
      filename: 'big.md',
      mimeType: 'text/markdown',
      content: Buffer.from(markdown(600)),
      maxTokens: 400,
      overlapTokens: 50,
    });
    let ticks = 0;
    let done = false;
    void chunking.finally(() => (done = true));
    while (!done) {
      await new Promise((r) => setTimeout(r, 5));
      ticks++;
    }
    histogram.disable();
    expect((await chunking).length).toBeGreaterThan(600);
    // This thread kept turning while the thread worked (a loose bound: the machine may be busy).
    expect(ticks).toBeGreaterThan(3);
    expect(histogram.max / 1e6).toBeLessThan(1000);
  });

  it("builds a chat turn's prompt in a lane of its own, exactly as inline, while ingest's threads are busy", async () => {
    const input = {
      model: 'gpt-4o-mini',
      temperature: 0.2,
      maxTokens: 500,
      systemPrompt: 'Be brief.',
      question: 'x'.repeat(32_000),
      template: null,
      passages: [{ chunkId: 'c', documentId: 'd', filename: 'guide.md', position: 0, text: 'Leave is sixteen weeks.', score: 1, metadata: {} }],
      history: [{ role: 'user' as const, content: 'ж'.repeat(32_000) }],
      contextSummary: null,
      maxTemplateChars: 200_000,
    };
    // Three large documents queue on the ingest lane's one thread first; in one shared queue the prompt would wait for all three.
    let chunked = 0;
    const chunking = Array.from({ length: 3 }, () =>
      pool
        .run('parseAndChunk', { filename: 'big.md', mimeType: 'text/markdown', content: Buffer.from(markdown(600)), maxTokens: 400, overlapTokens: 50 })
        .then(() => chunked++),
    );
    const prompt = await pool.run('buildPrompt', input);
    expect(chunked).toBeLessThan(3);
    expect(prompt).toEqual(await new InlineCpuRunner().run('buildPrompt', input));
    expect(prompt.messages.map((m) => m.role)).toEqual(['system', 'user', 'user', 'user']);
    await Promise.all(chunking);
  });

  it("keeps a prompt's error class and code across the thread, so a too-long prompt is not retried and is told in the reader's language", async () => {
    const input = {
      model: 'gpt-4',
      temperature: 0,
      maxTokens: 500,
      systemPrompt: '',
      question: 'word '.repeat(20_000),
      template: null,
      passages: [],
      history: [],
      contextSummary: null,
      maxTemplateChars: 200_000,
    };
    const run = pool.run('buildPrompt', input);
    await expect(run).rejects.toMatchObject({ name: 'PromptTooLongError', problem: { code: 'chat.prompt_too_long' } });
    // Its class, not only its name: Temporal types the failure by class (non-retryable PromptTooLongError).
    await expect(run).rejects.toBeInstanceOf(PromptTooLongError);
  });

  it("counts a reply's usage in the chat lane, exactly as inline", async () => {
    const input = { request: { model: 'gpt-4o', messages: [{ role: 'user' as const, content: 'How long is parental leave?' }] }, completion: 'Sixteen weeks.' };
    const usage = await pool.run('countUsage', input);
    expect(usage).toEqual(await new InlineCpuRunner().run('countUsage', input));
    expect(usage.completionTokens).toBeGreaterThan(2);
    // A prompt the builder counted is taken as it is.
    expect(await pool.run('countUsage', { ...input, request: { ...input.request, messages: [], promptTokens: 99 } })).toMatchObject({ promptTokens: 99 });
  });

  (process.platform === 'linux' ? it : it.skip)('runs its threads at background priority, never the process', () => {
    // The ingest lane's thread and the chat lane's.
    expect(warmed).toHaveLength(2);
    expect(warmed[0].niceness).toBe(Math.max(getPriority(), 10));
  });

  it('refuses work once closed', async () => {
    const closing = new CpuPool(1);
    await closing.close();
    await expect(closing.run('hashEmbed', { texts: [], dimensions: 8 })).rejects.toThrow(/closed/);
  });
});

describe('CpuPool: a task that overruns or runs out of memory loses only its thread', () => {
  const MB = 1024 * 1024;
  const note = { filename: 'note.txt', mimeType: 'text/plain', content: Buffer.from('A short note.'), maxTokens: 50, overlapTokens: 5 };
  // Minutes of mammoth (and gigabytes, unchecked) on any machine: the unpack limit is lifted on purpose.
  const bomb = { filename: 'bomb.docx', mimeType: null, content: docxBomb(10 * MB), maxTokens: 256, overlapTokens: 32, maxDecompressedBytes: 1024 * MB };
  const threadOf = async (pool: CpuPool) => (await pool.warm())[0].threadId;

  it('stops a task at its time limit, counted from when a thread takes it, and gives the slot on with a fresh thread', async () => {
    const pool = new CpuPool(1, { memoryMb: 4096 });
    try {
      const before = await threadOf(pool);
      const slow = pool.run('parseAndChunk', bomb, { timeoutMs: 2000 });
      // Queued behind the slow one for longer than its own limit, which it must not be charged for.
      const next = pool.run('parseAndChunk', note, { timeoutMs: 2000 });
      await expect(slow).rejects.toBeInstanceOf(CpuTaskTimeoutError);
      expect((await next).map((c) => c.text)).toEqual(['A short note.']);
      expect(await threadOf(pool)).not.toBe(before);
    } finally {
      await pool.close();
    }
  }, 120_000);

  it('ends a task that passes the thread memory limit with ThreadOutOfMemoryError; the pool goes on with a fresh thread', async () => {
    const pool = new CpuPool(1, { memoryMb: 256 });
    try {
      const before = await threadOf(pool);
      await expect(pool.run('parseAndChunk', bomb)).rejects.toBeInstanceOf(ThreadOutOfMemoryError);
      expect((await pool.run('parseAndChunk', note)).map((c) => c.text)).toEqual(['A short note.']);
      expect(await threadOf(pool)).not.toBe(before);
    } finally {
      await pool.close();
    }
  }, 300_000);

  it('refuses at once a task whose signal aborts while it waits for a thread', async () => {
    const pool = new CpuPool(1, { memoryMb: 4096 });
    try {
      const slow = pool.run('parseAndChunk', bomb, { timeoutMs: 1000 });
      const controller = new AbortController();
      const waiting = pool.run('parseAndChunk', note, { signal: controller.signal });
      controller.abort(new Error('cancelled'));
      await expect(waiting).rejects.toThrow('cancelled');
      await expect(slow).rejects.toBeInstanceOf(CpuTaskTimeoutError);
    } finally {
      await pool.close();
    }
  }, 120_000);
});
