/**
 * One stretch of a document under a single heading. `text` is the body only
 * (the heading line is in `heading`), and it is an exact slice of
 * `ParsedDocument.text` at `startOffset`, so chunk offsets can point back into
 * the stored text.
 */
export interface Section {
  heading: string | null;
  /** 1-6 for headings, 0 for text before the first heading or plain text. */
  level: number;
  text: string;
  startOffset: number;
  /** 1-based PDF page the section is on; a heading's text that runs onto the next page starts a new section there. */
  page?: number;
  /** 1-based CSV data row (the header is row 0). */
  row?: number;
}

export interface ParsedDocument {
  /** The extracted text (LF line endings, no BOM, Markdown front matter removed). */
  text: string;
  sections: Section[];
}

export type DocumentType = 'text' | 'markdown' | 'html' | 'csv' | 'pdf' | 'docx';

/** Thrown for file types we cannot read and for binary content; retrying cannot help. */
export class UnsupportedDocumentError extends Error {
  override name = 'UnsupportedDocumentError';
}

/** Thrown when a document holds no text worth indexing. */
export class EmptyDocumentError extends Error {
  override name = 'EmptyDocumentError';
}

/** Thrown for a file of a supported type that is damaged or locked (encrypted PDF, broken DOCX, malformed CSV). */
export class UnreadableDocumentError extends Error {
  override name = 'UnreadableDocumentError';
}

/**
 * Thrown when a document goes past a limit the server sets (its size once unpacked, how many
 * passages it makes, how long or how much memory parsing it takes); retrying the same input cannot help.
 */
export class DocumentLimitError extends Error {
  override name = 'DocumentLimitError';
}
