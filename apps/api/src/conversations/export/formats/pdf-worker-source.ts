/**
 * The PDF worker thread, as source text run with `new Worker(…, { eval: true })`: the same
 * code then runs from the TypeScript sources (tests) and from dist, with no extra build step.
 * It only lays out what the main thread prepared: no database, no access checks, no formatting.
 *
 * In:  workerData { pdfkit, fonts: { regular, bold }, header: { title, lines[] } };
 *      messages { type: 'batch', items: [{ heading, content, error, sources[] }] } and { type: 'end' }.
 * Out: { type: 'chunk', data } as pdfkit produces bytes, { type: 'ready' } after each batch,
 *      { type: 'done' } once the document is complete, { type: 'error', message }.
 */
export const PDF_WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const PDFDocument = require(workerData.pdfkit);
try {
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: workerData.header.title, Creator: 'Assistants' } });
  doc.registerFont('body', workerData.fonts.regular);
  doc.registerFont('bold', workerData.fonts.bold);
  doc.on('data', (chunk) => parentPort.postMessage({ type: 'chunk', data: chunk }));
  doc.on('end', () => parentPort.postMessage({ type: 'done' }));
  doc.font('bold').fontSize(18).fillColor('#111').text(workerData.header.title);
  doc.font('body').fontSize(9).fillColor('#555');
  for (const line of workerData.header.lines) doc.text(line);
  doc.moveDown();
  parentPort.on('message', (message) => {
    try {
      if (message.type === 'end') return doc.end();
      for (const item of message.items) {
        doc.font('bold').fontSize(11).fillColor('#111').text(item.heading, { paragraphGap: 3 });
        doc.font('body').fontSize(10.5).fillColor('#000').text(item.content || ' ');
        if (item.error) doc.fontSize(9).fillColor('#a00').text(item.error);
        if (item.sources.length) {
          doc.moveDown(0.3).fontSize(8.5).fillColor('#555').text('Sources:');
          for (const source of item.sources) doc.text(source, { indent: 10 });
        }
        doc.moveDown();
      }
      parentPort.postMessage({ type: 'ready' });
    } catch (error) {
      parentPort.postMessage({ type: 'error', message: String(error && error.stack || error) });
    }
  });
} catch (error) {
  parentPort.postMessage({ type: 'error', message: String(error && error.stack || error) });
}
`;
