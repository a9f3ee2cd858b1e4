import type { IsoDateTime, ViewKeys } from './keys';

export type DocumentStatus = 'queued' | 'processing' | 'ready' | 'failed';

/** A document of an assistant's knowledge base. */
export interface DocumentView {
  id: string;
  assistantId: string;
  filename: string;
  mimeType: string;
  sizeBytes: number;
  /** SHA-256 of the uploaded bytes. */
  checksum: string;
  status: DocumentStatus;
  /** 0..100, reported by the ingest workflow. */
  progress: number;
  /** Why it failed (or why its re-index did, while it stays ready), in English. */
  error: string | null;
  /** The error's stable code ('document.*' in PROBLEM_TEXT_EN) and params, to say it in the reader's language; null for errors recorded before codes. */
  errorCode: string | null;
  errorParams: Record<string, string | number> | null;
  chunkCount: number;
  tokenCount: number;
  /** The ingest task, to follow with GET /api/tasks/:id. */
  taskId: string;
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
}

export const DOCUMENT_VIEW_KEYS: ViewKeys<DocumentView> = {
  id: 'required',
  assistantId: 'required',
  filename: 'required',
  mimeType: 'required',
  sizeBytes: 'required',
  checksum: 'required',
  status: 'required',
  progress: 'required',
  error: 'required',
  errorCode: 'required',
  errorParams: 'required',
  chunkCount: 'required',
  tokenCount: 'required',
  taskId: 'required',
  createdAt: 'required',
  updatedAt: 'required',
};

/** The answer to an upload (202): the stored document and the task that ingests it. */
export interface UploadedDocumentView {
  document: DocumentView;
  taskId: string;
  links: { task: string; document: string };
}

export const UPLOADED_DOCUMENT_VIEW_KEYS: ViewKeys<UploadedDocumentView> = { document: 'required', taskId: 'required', links: 'required' };

/** One file of a multi-file upload: accepted (with its document and task) or rejected with the problem a single upload would have had. */
export interface UploadResultView {
  filename: string;
  status: 'accepted' | 'rejected';
  document?: DocumentView;
  taskId?: string;
  links?: { task: string; document: string };
  /** Why the file was refused; `code` and `params` as in a problem+json body, for the web app to translate. */
  problem?: { status: number; title: string; detail: string; code?: string; params?: Record<string, string | number> };
}

export const UPLOAD_RESULT_VIEW_KEYS: ViewKeys<UploadResultView> = {
  filename: 'required',
  status: 'required',
  document: 'optional',
  taskId: 'optional',
  links: 'optional',
  problem: 'optional',
};

/** The answer to a multi-file upload (202 when at least one file was accepted): one result per file, in request order. */
export interface UploadBatchView {
  accepted: number;
  rejected: number;
  results: UploadResultView[];
}

export const UPLOAD_BATCH_VIEW_KEYS: ViewKeys<UploadBatchView> = { accepted: 'required', rejected: 'required', results: 'required' };

/** The answer to deleting a document (202): the clean-up task that removes it. */
export interface DocumentRemovalView {
  taskId: string;
  links: { task: string };
}

export const DOCUMENT_REMOVAL_VIEW_KEYS: ViewKeys<DocumentRemovalView> = { taskId: 'required', links: 'required' };

/** An assistant's re-index, accepted: its task (with done/total documents) and how many documents it covers. */
export interface AssistantReindexView {
  taskId: string;
  documents: number;
  links: { task: string };
}

export const ASSISTANT_REINDEX_VIEW_KEYS: ViewKeys<AssistantReindexView> = { taskId: 'required', documents: 'required', links: 'required' };
