// Parse + chunk throughput per format on generated documents of realistic size: what one ingest
// worker thread spends before embedding. Documents are built here with the fixture tools
// (pdfkit, docx), so nothing large is committed.
import { Document, HeadingLevel, Packer, Paragraph } from 'docx';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { root } from './support.mjs';

const require = createRequire(import.meta.url);
const { parseDocument, chunkDocument } = require(join(root, 'dist/libs/ingest/src/index.js'));
const { countTokens } = require(join(root, 'dist/libs/domain/src/index.js'));

const WORDS =
  'the customer may return goods within thirty days of delivery and receive a refund to the original payment method provided that item is unused shipping costs are not refunded unless the parcel arrived damaged'.split(
    ' ',
  );
let seed = 7;
const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
const sentence = () => {
  const w = Array.from({ length: 8 + (next() % 20) }, () => WORDS[next() % WORDS.length]);
  return `${w[0][0].toUpperCase()}${w.join(' ').slice(1)}.`;
};
const paragraph = () => Array.from({ length: 3 + (next() % 5) }, sentence).join(' ');

function pdf(pages) {
  return new Promise((resolve) => {
    const doc = new PDFDocument({ size: 'A4', margin: 50 });
    const parts = [];
    doc.on('data', (c) => parts.push(c));
    doc.on('end', () => resolve(Buffer.concat(parts)));
    for (let p = 0; p < pages; p++) {
      if (p) doc.addPage();
      doc
        .fontSize(16)
        .text(`Chapter ${p + 1}`)
        .fontSize(10);
      for (let i = 0; i < 6; i++) doc.text(paragraph()).moveDown(0.5);
    }
    doc.end();
  });
}

async function docx(sections) {
  const children = [];
  for (let s = 0; s < sections; s++) {
    children.push(new Paragraph({ text: `Section ${s + 1}`, heading: HeadingLevel.HEADING_1 }));
    for (let i = 0; i < 6; i++) children.push(new Paragraph({ text: paragraph() }));
  }
  return Packer.toBuffer(new Document({ sections: [{ children }] }));
}

function html(sections) {
  const body = Array.from({ length: sections }, (_, s) => `<h2>Part ${s}</h2>${Array.from({ length: 6 }, () => `<p>${paragraph()}</p>`).join('')}`).join('\n');
  return Buffer.from(
    `<!DOCTYPE html><html><head><script>var x=1</script></head><body><nav><a href="/">Home</a></nav><main>${body}</main><footer>f</footer></body></html>`,
  );
}

function csv(rows) {
  const lines = ['id,product,price,description'];
  for (let i = 0; i < rows; i++) lines.push(`${i},item ${i},${next() % 1000},"${sentence()}"`);
  return Buffer.from(lines.join('\n'));
}

export async function run() {
  const cases = [
    ['PDF, 100 pages', 'a.pdf', await pdf(100)],
    ['DOCX, 300 sections', 'a.docx', await docx(300)],
    ['HTML, 1,000 sections', 'a.html', html(1000)],
    ['CSV, 50,000 rows', 'a.csv', csv(50_000)],
    [
      'Markdown, 1,000 sections',
      'a.md',
      Buffer.from(Array.from({ length: 1000 }, (_, s) => `## Part ${s}\n\n${Array.from({ length: 6 }, paragraph).join('\n\n')}`).join('\n\n')),
    ],
  ];
  console.log('| document | size | parse | chunk (256/32, real tokenizer) | chunks | parse + chunk |');
  console.log('|---|---|---|---|---|---|');
  for (const [label, filename, content] of cases) {
    await parseDocument({ filename, content }); // warm-up: loads pdf.js, mammoth, csv-parse
    const t0 = performance.now();
    const doc = await parseDocument({ filename, content });
    const t1 = performance.now();
    const chunks = chunkDocument(doc, { maxTokens: 256, overlapTokens: 32, countTokens });
    const t2 = performance.now();
    const mb = content.length / 1e6;
    console.log(
      `| ${label} | ${mb.toFixed(2)} MB | ${(t1 - t0).toFixed(0)} ms | ${(t2 - t1).toFixed(0)} ms | ${chunks.length} | ${((mb / (t2 - t0)) * 60_000).toFixed(0)} MB/min, ${((chunks.length / (t2 - t0)) * 1000).toFixed(0)} chunks/s |`,
    );
  }
}
