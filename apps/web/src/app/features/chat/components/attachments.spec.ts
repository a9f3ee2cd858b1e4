import type { DocumentView } from '@assistants/common';
import { setProblemLanguage } from '../../../core/i18n/problem-message';
import { chipOf } from './attachments';

const doc = (over: Partial<DocumentView>): DocumentView => ({
  id: 'd1',
  assistantId: 'a1',
  filename: 'invoice.txt',
  mimeType: 'text/plain',
  sizeBytes: 10,
  checksum: 'x',
  status: 'queued',
  progress: 0,
  error: null,
  errorCode: null,
  errorParams: null,
  chunkCount: 0,
  tokenCount: 0,
  taskId: 'ingest-d1',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...over,
});

describe('Attachments', () => {
  it('shows queued and processing as reading, ready as ready, failed with its reason', () => {
    expect(chipOf(doc({ status: 'queued' })).state).toBe('reading');
    expect(chipOf(doc({ status: 'processing' })).state).toBe('reading');
    expect(chipOf(doc({ status: 'ready' })).state).toBe('ready');
    expect(chipOf(doc({ status: 'failed', error: 'No text in it.' }))).toMatchObject({ state: 'failed', reason: 'No text in it.' });
  });

  it('gives a failed file its reason in Russian by the stored code', () => {
    setProblemLanguage('ru');
    expect(chipOf(doc({ status: 'failed', error: '"invoice.txt" is empty.', errorCode: 'document.empty' })).reason).toBe('Файл пуст.');
  });
});
