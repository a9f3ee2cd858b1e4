// Runs in a thread of the PDF export pool (see pdf-export.pool.ts), never on the request thread:
// text layout and font subsetting take tens of milliseconds per batch of messages. It only lays
// out what the request thread prepared: no database, no access checks, no formatting.
import { readFileSync } from 'node:fs';
import type { MessagePort } from 'node:worker_threads';
import PDFDocument from 'pdfkit';

export interface PdfItem {
  heading: string;
  content: string;
  error: string | null;
  /** "Rating: 4/5 · comment", null when not rated. */
  rating: string | null;
  sources: string[];
}

export interface PdfJob {
  /** The request thread's end of the conversation: batches come in, bytes go out. */
  port: MessagePort;
  header: { title: string; lines: string[] };
  /** Pages of messages at most; a closing note says where the export stopped. */
  maxPages: number;
}

/** Request thread → renderer. */
export type ToRenderer = { type: 'batch'; items: PdfItem[] } | { type: 'end' } | { type: 'cancel' };
/** Renderer → request thread: `ready` after each batch (`more: false` once the page limit is reached), `done` after the last byte. */
export type FromRenderer =
  { type: 'started' } | { type: 'chunk'; data: Uint8Array } | { type: 'ready'; more: boolean } | { type: 'done'; pages: number; truncated: boolean };

/** DejaVu Sans covers Latin, Cyrillic and Greek; pdfkit embeds the glyphs used in each PDF. Read once per thread. */
const FONTS = {
  regular: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
  bold: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')),
};

/** Bytes are sent to the request thread in pieces of about this size, not in pdfkit's many small writes. */
const FLUSH_BYTES = 64 * 1024;

class PageLimitReached extends Error {}

export function renderPdf({ port, header, maxPages }: PdfJob): Promise<{ pages: number; truncated: boolean }> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: header.title, Creator: 'Assistants' } });
    let pages = 1;
    let truncated = false;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = () => {
      if (!pendingBytes) return;
      // A copy of its own, so its memory moves to the request thread instead of being cloned.
      const data = new Uint8Array(pendingBytes);
      let at = 0;
      for (const chunk of pending) {
        data.set(chunk, at);
        at += chunk.length;
      }
      pending = [];
      pendingBytes = 0;
      port.postMessage({ type: 'chunk', data } satisfies FromRenderer, [data.buffer]);
    };
    let finished = false;
    const finish = (error?: unknown) => {
      if (finished) return;
      finished = true;
      port.close();
      if (error) reject(error);
      else resolve({ pages, truncated });
    };

    doc.on('data', (chunk: Buffer) => {
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes >= FLUSH_BYTES) flush();
    });
    doc.on('end', () => {
      flush();
      port.postMessage({ type: 'done', pages, truncated } satisfies FromRenderer);
      finish();
    });
    // Thrown in the middle of laying out a message, so even one very long message stops at the limit.
    doc.on('pageAdded', () => {
      pages++;
      if (!truncated && pages > maxPages) throw new PageLimitReached();
    });

    const renderItem = (item: PdfItem) => {
      doc.font('bold').fontSize(11).fillColor('#111').text(item.heading, { paragraphGap: 3 });
      doc
        .font('body')
        .fontSize(10.5)
        .fillColor('#000')
        .text(item.content || ' ');
      if (item.error) doc.fontSize(9).fillColor('#a00').text(item.error);
      if (item.rating) doc.fontSize(9).fillColor('#555').text(item.rating);
      if (item.sources.length) {
        doc.moveDown(0.3).fontSize(8.5).fillColor('#555').text('Sources:');
        for (const source of item.sources) doc.text(source, { indent: 10 });
      }
      doc.moveDown();
    };
    const renderBatch = (items: PdfItem[]) => {
      try {
        for (const item of items) renderItem(item);
      } catch (error) {
        if (!(error instanceof PageLimitReached)) throw error;
        truncated = true;
        doc
          .font('body')
          .fontSize(9)
          .fillColor('#a00')
          .text(`This PDF stops after ${maxPages} pages (EXPORT_PDF_MAX_PAGES); export the conversation as Markdown, text or JSON for all of it.`);
      }
    };

    // The request thread went away without a word (its export was dropped while starting).
    port.once('close', () => finish());
    port.on('message', (message: ToRenderer) => {
      try {
        if (message.type === 'cancel') return finish();
        if (message.type === 'end') return void doc.end();
        if (!truncated) renderBatch(message.items);
        flush();
        port.postMessage({ type: 'ready', more: !truncated } satisfies FromRenderer);
      } catch (error) {
        finish(error);
      }
    });

    try {
      doc.registerFont('body', FONTS.regular);
      doc.registerFont('bold', FONTS.bold);
      doc.font('bold').fontSize(18).fillColor('#111').text(header.title);
      doc.font('body').fontSize(9).fillColor('#555');
      for (const line of header.lines) doc.text(line);
      doc.moveDown();
      port.postMessage({ type: 'started' } satisfies FromRenderer);
    } catch (error) {
      finish(error);
    }
  });
}
