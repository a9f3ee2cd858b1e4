import { documentErrorText, translateProblem } from '../../core/i18n/problem-message';
import { HttpEventType } from '@angular/common/http';
import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type { DocumentView, UploadBatchView } from '@assistants/common';
import { firstValueFrom } from 'rxjs';
import { errorMessage } from '../../core/api/api-error';
import { LiveService, type LiveMessage } from '../../core/live/live.service';
import { pollWhileLiveDown } from '../../core/live/poll-while-live-down';
import { KnowledgeService } from './knowledge.service';

/** A file on its way into the knowledge base: upload first, then the ingest stages. */
export interface UploadRow {
  key: string;
  filename: string;
  documentId: string | null;
  stage: string;
  percent: number;
  state: 'uploading' | 'processing' | 'ready' | 'failed';
  error: string | null;
}

const isFinal = (row: UploadRow) => row.state === 'ready' || row.state === 'failed';

function fromDocument(row: UploadRow, document: DocumentView): UploadRow {
  const state = document.status === 'ready' ? 'ready' : document.status === 'failed' ? 'failed' : 'processing';
  return { ...row, percent: state === 'ready' ? 100 : document.progress, stage: document.status, state, error: documentErrorText(document) };
}

/**
 * Uploads into an assistant's knowledge base and follows each file: upload progress, then the
 * ingest stages from document.progress, polled while live updates are down. One per upload widget.
 */
@Injectable()
export class UploadTracker {
  private readonly knowledge = inject(KnowledgeService);
  private readonly live = inject(LiveService);
  readonly rows = signal<UploadRow[]>([]);
  private readonly pending = computed(() => this.rows().some((row) => row.documentId && !isFinal(row)));
  private subscribedTo: string | null = null;

  constructor() {
    this.live.events.pipe(takeUntilDestroyed()).subscribe((event) => this.onEvent(event));
    // Without live events, ask for each unfinished document until it is ready or failed.
    pollWhileLiveDown(this.pending, () => void this.poll());
    inject(DestroyRef).onDestroy(() => {
      if (this.subscribedTo) this.live.unsubscribe({ assistantId: this.subscribedTo });
    });
  }

  /** Hides the finished rows; unfinished ones stay until they end. */
  dismiss(): void {
    this.rows.update((rows) => rows.filter((row) => !isFinal(row)));
  }

  /** Resolves with the documents the server accepted, once the upload itself has ended. */
  async upload(assistantId: string, files: File[]): Promise<DocumentView[]> {
    if (this.subscribedTo !== assistantId) {
      this.live.subscribe({ assistantId });
      this.subscribedTo = assistantId;
    }
    const keys = files.map((file) => `${file.name}-${Math.random().toString(36).slice(2)}`);
    const fresh = files.map((file, i): UploadRow => ({
      key: keys[i],
      filename: file.name,
      documentId: null,
      stage: 'upload',
      percent: 0,
      state: 'uploading',
      error: null,
    }));
    this.rows.update((rows) => [...fresh, ...rows]);
    const mine = (row: UploadRow) => keys.includes(row.key);
    const accepted: DocumentView[] = [];
    try {
      const batch = await new Promise<UploadBatchView | null>((resolve, reject) => {
        this.knowledge.upload(assistantId, files).subscribe({
          next: (event) => {
            if (event.type === HttpEventType.UploadProgress && event.total) {
              const percent = Math.round((100 * event.loaded) / event.total);
              this.rows.update((rows) => rows.map((row) => (mine(row) ? { ...row, percent } : row)));
            }
            if (event.type === HttpEventType.Response) resolve(event.body);
          },
          error: reject,
          complete: () => resolve(null),
        });
      });
      const results = batch?.results ?? [];
      accepted.push(...results.flatMap((result) => (result.document ? [result.document] : [])));
      this.rows.update((rows) =>
        rows.map((row) => {
          const index = keys.indexOf(row.key);
          const result = results[index];
          if (index < 0 || !result) return row;
          if (result.status === 'rejected')
            return {
              ...row,
              state: 'failed',
              error: result.problem ? (translateProblem(result.problem.code, result.problem.params, result.problem.detail) ?? result.problem.title) : null,
            };
          return fromDocument({ ...row, documentId: result.document?.id ?? null }, result.document!);
        }),
      );
    } catch (error) {
      this.rows.update((rows) => rows.map((row) => (mine(row) ? { ...row, state: 'failed', error: errorMessage(error) } : row)));
    }
    return accepted;
  }

  private onEvent(event: LiveMessage): void {
    if (event.type !== 'document.progress') return;
    this.rows.update((rows) =>
      rows.map((row) => {
        if (row.documentId !== event.documentId || isFinal(row)) return row;
        const state = event.status === 'ready' ? 'ready' : event.status === 'failed' ? 'failed' : 'processing';
        return {
          ...row,
          stage: event.stage,
          percent: event.percent,
          state,
          error: documentErrorText({ error: event.error ?? null, errorCode: event.errorCode, errorParams: event.errorParams }),
        };
      }),
    );
  }

  private async poll(): Promise<void> {
    for (const row of this.rows().filter((r) => r.documentId && !isFinal(r))) {
      try {
        const document = await firstValueFrom(this.knowledge.document(row.documentId!));
        this.rows.update((rows) => rows.map((r) => (r.key === row.key ? fromDocument(r, document) : r)));
      } catch {
        // Tried again on the next tick.
      }
    }
  }
}
