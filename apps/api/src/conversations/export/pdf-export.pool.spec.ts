import type { AppConfig } from '@assistants/config';
import { PassThrough } from 'node:stream';
import { TryLaterException } from '../../common/try-later.exception';
import type { PdfItem } from './formats/pdf-render.task';
import { PdfExportPool } from './pdf-export.pool';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { PDFParse } = require('pdf-parse');

const header = { title: 'Отпуск', lines: ['Assistant: HR'] };
const item = (i: number, content = `message ${i}`): PdfItem => ({ heading: `User · ${i}`, content, error: null, rating: null, sources: [] });

function poolWith(
  exports: Partial<AppConfig['exports']>,
  config = { exports: { threads: 1, queueLimit: 4, perUser: 4, timeoutMs: 60_000, maxPdfPages: 500, ...exports } } as AppConfig,
): PdfExportPool {
  return new PdfExportPool(config);
}

/** Where a session writes, kept whole for reading back. */
function sink() {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { out, bytes: () => Buffer.concat(chunks) };
}

async function pdfText(bytes: Buffer): Promise<{ text: string; total: number }> {
  return new PDFParse({ data: new Uint8Array(bytes) }).getText();
}

const statusOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'started',
    (error: unknown) => (error instanceof TryLaterException ? error.getStatus() : String(error)),
  );

describe('PdfExportPool', () => {
  it('lays out batches in its thread into a PDF that reads back', async () => {
    const pool = poolWith({});
    try {
      const session = await pool.start('u1', header);
      const { out, bytes } = sink();
      expect(await session.render([item(1), item(2, 'Двадцать восемь дней')], out)).toBe(true);
      expect(await session.render([item(3)], out)).toBe(true);
      await session.finish(out);
      session.close();
      const { text } = await pdfText(bytes());
      for (const expected of ['Отпуск', 'Assistant: HR', 'message 1', 'Двадцать восемь дней', 'message 3']) expect(text).toContain(expected);
      expect(pool.stats().threads).toBeLessThanOrEqual(1);
    } finally {
      await pool.onModuleDestroy();
    }
  });

  it('queues beyond its threads, refuses past the queue (503) and past the per-person limit (429)', async () => {
    const pool = poolWith({ threads: 1, queueLimit: 1, perUser: 1 });
    try {
      const running = await pool.start('a', header);
      const waiting = pool.start('b', header);
      expect(await statusOf(pool.start('c', header))).toBe(503);
      expect(await statusOf(pool.start('a', header))).toBe(429);
      expect(pool.stats()).toMatchObject({ exports: 2, threads: 1 });
      // The waiting one starts when the running one gives its thread back.
      running.close();
      const next = await waiting;
      const { out, bytes } = sink();
      await next.render([item(1)], out);
      await next.finish(out);
      next.close();
      expect((await pdfText(bytes())).text).toContain('message 1');
      await until(() => pool.stats().exports === 0);
      expect(await statusOf(pool.start('a', header).then((s) => s.close()))).toBe('started');
    } finally {
      await pool.onModuleDestroy();
    }
  });

  it('stops at the page limit, in the middle of a long message, and says so', async () => {
    const pool = poolWith({ maxPdfPages: 2 });
    try {
      const session = await pool.start('u1', header);
      const { out, bytes } = sink();
      const long = Array.from({ length: 3000 }, (_, i) => `line ${i}`).join('\n');
      expect(await session.render([item(1), item(2, long), item(3)], out)).toBe(false);
      await session.finish(out);
      session.close();
      const { text, total } = await pdfText(bytes());
      expect(total).toBeLessThanOrEqual(3);
      expect(text).toContain('stops after 2 pages (EXPORT_PDF_MAX_PAGES)');
      expect(text).not.toContain('line 2999');
      expect(text).not.toContain('message 3');
    } finally {
      await pool.onModuleDestroy();
    }
  });

  it('stops an export that runs past its time and keeps serving the next', async () => {
    const config = { exports: { threads: 1, queueLimit: 4, perUser: 4, timeoutMs: 60_000, maxPdfPages: 100_000 } } as AppConfig;
    const pool = poolWith({}, config);
    try {
      // A thread that has started already (starting one from TypeScript sources takes a while).
      (await pool.start('u1', header)).close();
      await until(() => pool.stats().exports === 0);
      config.exports.timeoutMs = 1500;
      const session = await pool.start('u1', header);
      const { out } = sink();
      const huge = Array.from({ length: 400 }, (_, i) => item(i, `word ${i} `.repeat(4000)));
      await expect(session.render(huge, out)).rejects.toMatchObject({ name: 'AbortError' });
      session.close();
      await until(() => pool.stats().exports === 0);
      // Its thread was stopped; the next export gets a new one (slow to start from sources).
      config.exports.timeoutMs = 60_000;
      const next = await pool.start('u1', header);
      const second = sink();
      await next.render([item(1)], second.out);
      await next.finish(second.out);
      next.close();
      expect((await pdfText(second.bytes())).text).toContain('message 1');
    } finally {
      await pool.onModuleDestroy();
    }
  });

  it('gives the thread back when a running export is closed early', async () => {
    const pool = poolWith({});
    try {
      const session = await pool.start('u1', header);
      await session.render([item(1)], sink().out);
      session.close();
      await until(() => pool.stats().exports === 0);
      await expect(session.render([item(2)], sink().out)).rejects.toThrow(/closed/);
    } finally {
      await pool.onModuleDestroy();
    }
  });
});

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}
