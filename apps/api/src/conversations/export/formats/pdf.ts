import type { Writable } from 'node:stream';
import { cleanText, describeSource, formatTime, messageHeading, oneLine, ratingLine, sourcesOf } from '../export-text';
import type { ExportHeader, ExportMessage } from '../export.types';
import type { PdfSession } from '../pdf-session';
import { drained } from '../sink';
import type { PdfItem, PdfJob } from './pdf-render.task';

/** What the PDF prints above the messages. */
export function pdfHeader(header: ExportHeader): PdfJob['header'] {
  return {
    title: oneLine(header.title) || 'Conversation',
    lines: [`Assistant: ${oneLine(header.assistantName)}`, `Started ${formatTime(header.createdAt)} · exported ${formatTime(header.exportedAt)}`],
  };
}

function pdfItem(message: ExportMessage): PdfItem {
  return {
    heading: messageHeading(message),
    content: cleanText(message.content).replace(/\t/g, '    '),
    error: message.error ? `Error: ${oneLine(message.error)}` : null,
    rating: ratingLine(message),
    sources: sourcesOf(message.searchResults).map(describeSource),
  };
}

/**
 * Streams a PDF laid out in the export pool. This thread reads a batch of messages, hands it
 * over, writes the bytes that come back, and reads the next batch only when the thread is done
 * with this one and the client has taken the bytes; it stops reading once the page limit is
 * reached. A client that goes away gives the thread back.
 */
export async function writePdf(session: PdfSession, batches: AsyncIterable<ExportMessage[]>, out: Writable): Promise<void> {
  try {
    for await (const batch of batches) {
      const more = await session.render(batch.map(pdfItem), out);
      await drained(out);
      if (!more) break;
    }
    await session.finish(out);
    out.end();
  } finally {
    session.close();
  }
}
