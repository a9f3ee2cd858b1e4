import { parse } from 'csv-parse/sync';
import { type ParsedDocument, UnreadableDocumentError } from '../types';
import { firstLine } from './docx';
import { SectionWriter } from './text';

const CANDIDATES = [',', ';', '\t', '|'];

/**
 * Each data row becomes its own section (and so at least one chunk of its own)
 * written as "column: value" lines under the header, so a passage found alone
 * still says what its numbers mean. Rows are written as they are parsed, never
 * held as an array, so large files cost only their text.
 */
export function parseCsv(text: string, filename: string, tabSeparated = false): ParsedDocument {
  const writer = new SectionWriter();
  let header: string[] | null = null;
  let row = 0;
  try {
    parse(text, {
      delimiter: tabSeparated ? '\t' : guessDelimiter(text),
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      on_record: (record: string[]) => {
        if (!header) {
          header = record.map((name, i) => name.trim() || `column ${i + 1}`);
          return null;
        }
        row++;
        const lines = record
          .map((value, i) => [header![i] ?? `column ${i + 1}`, value.trim()] as const)
          .filter(([, value]) => value)
          .map(([name, value]) => `${name}: ${value}`);
        writer.split({ row });
        writer.paragraph(lines.join('\n'));
        return null;
      },
    });
  } catch (error) {
    throw new UnreadableDocumentError(`"${filename}" is not well-formed CSV (${firstLine(error)}).`, { code: 'document.csv_malformed' });
  }
  return writer.finish();
}

/** The candidate seen most often in the first line outside quotes; a comma when none is. */
export function guessDelimiter(text: string): string {
  const line = text.slice(0, Math.max(0, text.indexOf('\n')) || text.length).replace(/"[^"]*"/g, '');
  let best = ',';
  let bestCount = 0;
  for (const candidate of CANDIDATES) {
    const n = line.split(candidate).length - 1;
    if (n > bestCount) [best, bestCount] = [candidate, n];
  }
  return best;
}
