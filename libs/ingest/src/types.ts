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

/**
 * Why a document could not be indexed, as a stable code (a 'document.*' key of PROBLEM_TEXT_EN) and
 * its params: stored beside the English message so that the web app can say it in the reader's language.
 */
export interface DocumentProblem {
  code: string;
  params?: Record<string, string | number>;
}

/** A document error: an English reason for the person who uploaded the file, and its code. */
abstract class DocumentError extends Error {
  readonly problem: DocumentProblem;

  constructor(message: string, problem?: DocumentProblem) {
    super(message);
    this.problem = problem ?? { code: this.defaultCode() };
  }

  protected abstract defaultCode(): string;
}

/** Thrown for file types we cannot read and for binary content; retrying cannot help. */
export class UnsupportedDocumentError extends DocumentError {
  override name = 'UnsupportedDocumentError';
  protected defaultCode() {
    return 'document.unsupported';
  }
}

/** Thrown when a document holds no text worth indexing. */
export class EmptyDocumentError extends DocumentError {
  override name = 'EmptyDocumentError';
  protected defaultCode() {
    return 'document.empty';
  }
}

/** Thrown for a file of a supported type that is damaged or locked (encrypted PDF, broken DOCX, malformed CSV). */
export class UnreadableDocumentError extends DocumentError {
  override name = 'UnreadableDocumentError';
  protected defaultCode() {
    return 'document.unreadable';
  }
}

/**
 * Thrown when a document goes past a limit the server sets (its size once unpacked, how many
 * passages it makes, how long or how much memory parsing it takes); retrying the same input cannot help.
 */
export class DocumentLimitError extends DocumentError {
  override name = 'DocumentLimitError';
  protected defaultCode() {
    return 'document.limit';
  }
}
