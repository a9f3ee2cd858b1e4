import { readFile } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import PDFDocument from 'pdfkit';
import { cleanText, describeSource, formatTime, messageHeading, oneLine, sourcesOf } from '../export-text';
import type { ExportHeader, ExportMessage } from '../export.types';
import { drained } from '../sink';

/** DejaVu Sans covers Latin, Cyrillic and Greek; the fonts are embedded (subset) in each PDF. */
let fonts: Promise<{ regular: Buffer; bold: Buffer }> | undefined;
function loadFonts() {
  fonts ??= Promise.all([
    readFile(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
    readFile(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')),
  ]).then(([regular, bold]) => ({ regular, bold }));
  return fonts;
}

/** Laying out text is synchronous; pieces this long keep each stretch of work to a few ms. */
const PIECE_CHARS = 4000;

function* pieces(text: string): Generator<{ text: string; continued: boolean }> {
  let piece = '';
  for (const paragraph of text.split('\n')) {
    if (piece && piece.length + paragraph.length > PIECE_CHARS) {
      yield { text: piece, continued: false };
      piece = '';
    }
    if (paragraph.length <= PIECE_CHARS) {
      piece = piece ? `${piece}\n${paragraph}` : paragraph;
      continue;
    }
    if (piece) yield { text: piece, continued: false };
    piece = '';
    // One huge paragraph: cut it at spaces and let pdfkit flow the pieces as one paragraph.
    let rest = paragraph;
    while (rest.length > PIECE_CHARS) {
      const cut = rest.lastIndexOf(' ', PIECE_CHARS);
      const at = cut > PIECE_CHARS / 2 ? cut + 1 : PIECE_CHARS;
      yield { text: rest.slice(0, at), continued: true };
      rest = rest.slice(at);
    }
    piece = rest;
  }
  if (piece) yield { text: piece, continued: false };
}

/**
 * Streams the PDF while the messages are read: each finished page leaves for the client at
 * once (no page buffering, hence no "page n of m"), and the work yields to the event loop
 * after every piece and waits while the client is slower than we are.
 */
export async function writePdf(header: ExportHeader, batches: AsyncIterable<ExportMessage[]>, out: Writable): Promise<void> {
  const { regular, bold } = await loadFonts();
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: oneLine(header.title), Creator: 'Assistants' } });
  doc.registerFont('body', regular);
  doc.registerFont('bold', bold);
  doc.pipe(out);
  doc.font('bold').fontSize(18).fillColor('#111').text(oneLine(header.title) || 'Conversation');
  doc.font('body').fontSize(9).fillColor('#555');
  doc.text(`Assistant: ${oneLine(header.assistantName)}`);
  doc.text(`Started ${formatTime(header.createdAt)} · exported ${formatTime(header.exportedAt)}`);
  doc.moveDown();

  for await (const batch of batches) {
    for (const message of batch) {
      doc.font('bold').fontSize(11).fillColor('#111').text(messageHeading(message), { paragraphGap: 3 });
      doc.font('body').fontSize(10.5).fillColor('#000');
      for (const piece of pieces(cleanText(message.content).replace(/\t/g, '    '))) {
        doc.text(piece.text || ' ', { continued: piece.continued });
        await drained(out);
      }
      if (message.error) doc.fontSize(9).fillColor('#a00').text(`Error: ${oneLine(message.error)}`);
      const sources = sourcesOf(message.searchResults);
      if (sources.length) {
        doc.moveDown(0.3).fontSize(8.5).fillColor('#555').text('Sources:');
        for (const source of sources) doc.text(describeSource(source), { indent: 10 });
      }
      doc.moveDown();
      await drained(out);
    }
  }
  doc.end();
  await new Promise<void>((resolve, reject) => {
    out.once('finish', resolve).once('close', resolve).once('error', reject);
  });
}
