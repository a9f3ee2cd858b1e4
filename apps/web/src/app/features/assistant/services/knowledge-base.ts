import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type { DocumentProgressEvent, DocumentView } from '@assistants/common';
import { firstValueFrom } from 'rxjs';
import { errorMessage } from '../../../core/api/api-error';
import { LiveService, type LiveMessage } from '../../../core/live/live.service';
import { pollWhileLiveDown } from '../../../core/live/poll-while-live-down';
import { KnowledgeService } from '../../../shared/knowledge/knowledge.service';
import { UploadTracker } from '../../../shared/knowledge/upload-tracker';

/** A document as the page shows it: the view, plus the stage the last progress event named. */
export interface KnowledgeRow {
  document: DocumentView;
  stage: string | null;
  /** A remove, retry or re-index is on its way. */
  busy: boolean;
}

const unfinished = (d: DocumentView) => d.status === 'queued' || d.status === 'processing';

function applyProgress(row: KnowledgeRow, event: DocumentProgressEvent): KnowledgeRow {
  const status = event.status === 'ready' || event.status === 'failed' ? event.status : 'processing';
  // The event's error comes with its code (none from an older worker: then the text alone).
  const failure =
    status === 'failed'
      ? event.error
        ? { error: event.error, errorCode: event.errorCode ?? null, errorParams: event.errorParams ?? null }
        : { error: row.document.error, errorCode: row.document.errorCode, errorParams: row.document.errorParams }
      : { error: null, errorCode: null, errorParams: null };
  return { ...row, stage: event.stage, document: { ...row.document, status, progress: event.percent, ...failure } };
}

/**
 * An assistant's knowledge base for its page: the document list, kept current by document.progress
 * (or by polling while live updates are down), uploads through the shared UploadTracker, and
 * remove, retry and re-index. One per page.
 */
@Injectable()
export class KnowledgeBase {
  private readonly knowledge = inject(KnowledgeService);
  private readonly live = inject(LiveService);
  readonly tracker = inject(UploadTracker);
  private assistantId: string | null = null;

  readonly rows = signal<KnowledgeRow[]>([]);
  readonly loading = signal(false);
  readonly error = signal<string | null>(null);
  /** Files still on their way up, or refused before they became documents. */
  readonly uploads = computed(() => this.tracker.rows().filter((row) => !row.documentId));
  private readonly pending = computed(() => this.rows().some((row) => unfinished(row.document)));

  constructor() {
    this.live.events.pipe(takeUntilDestroyed()).subscribe((event) => this.onEvent(event));
    pollWhileLiveDown(this.pending, () => void this.reload());
    inject(DestroyRef).onDestroy(() => {
      if (this.assistantId) this.live.unsubscribe({ assistantId: this.assistantId });
    });
  }

  async open(assistantId: string): Promise<void> {
    if (this.assistantId !== assistantId) {
      if (this.assistantId) this.live.unsubscribe({ assistantId: this.assistantId });
      this.live.subscribe({ assistantId });
      this.assistantId = assistantId;
    }
    this.loading.set(true);
    await this.reload();
    this.loading.set(false);
  }

  async upload(files: File[]): Promise<void> {
    if (!this.assistantId || !files.length) return;
    const accepted = await this.tracker.upload(this.assistantId, files);
    // Accepted files join the list at once; their progress comes from the events from here on.
    this.rows.update((rows) => [
      ...accepted.filter((d) => !rows.some((r) => r.document.id === d.id)).map((document) => ({ document, stage: null, busy: false })),
      ...rows,
    ]);
  }

  /** Hides the refused uploads. */
  dismissUploads(): void {
    this.tracker.dismiss();
  }

  async remove(documentId: string): Promise<void> {
    await this.act(documentId, async () => {
      await firstValueFrom(this.knowledge.remove(documentId));
      this.rows.update((rows) => rows.filter((row) => row.document.id !== documentId));
    });
  }

  async retry(documentId: string): Promise<void> {
    await this.act(documentId, async () => {
      await firstValueFrom(this.knowledge.retry(documentId));
      this.patch(documentId, (row) => ({
        ...row,
        stage: null,
        document: { ...row.document, status: 'queued', progress: 0, error: null, errorCode: null, errorParams: null },
      }));
    });
  }

  async reindex(documentId: string): Promise<void> {
    await this.act(documentId, async () => {
      const document = await firstValueFrom(this.knowledge.reindex(documentId));
      this.patch(documentId, (row) => ({ ...row, stage: null, document }));
    });
  }

  private async act(documentId: string, work: () => Promise<void>): Promise<void> {
    this.error.set(null);
    this.patch(documentId, (row) => ({ ...row, busy: true }));
    try {
      await work();
    } catch (error) {
      this.error.set(errorMessage(error));
    } finally {
      this.patch(documentId, (row) => ({ ...row, busy: false }));
    }
  }

  private patch(documentId: string, change: (row: KnowledgeRow) => KnowledgeRow): void {
    this.rows.update((rows) => rows.map((row) => (row.document.id === documentId ? change(row) : row)));
  }

  private async reload(): Promise<void> {
    if (!this.assistantId) return;
    try {
      const documents = await firstValueFrom(this.knowledge.list(this.assistantId));
      const before = new Map(this.rows().map((row) => [row.document.id, row]));
      this.rows.set(documents.map((document) => ({ document, stage: before.get(document.id)?.stage ?? null, busy: before.get(document.id)?.busy ?? false })));
      this.error.set(null);
    } catch (error) {
      this.error.set(errorMessage(error));
    }
  }

  private onEvent(event: LiveMessage): void {
    if (event.type !== 'document.progress' || event.assistantId !== this.assistantId) return;
    if (!this.rows().some((row) => row.document.id === event.documentId)) {
      // A document uploaded elsewhere (the chat, another tab): fetch the list again.
      void this.reload();
      return;
    }
    this.patch(event.documentId, (row) => applyProgress(row, event));
    // The chunk and token counts come with the document itself.
    if (event.status === 'ready') void this.refreshOne(event.documentId);
  }

  private async refreshOne(documentId: string): Promise<void> {
    try {
      const document = await firstValueFrom(this.knowledge.document(documentId));
      this.patch(documentId, (row) => ({ ...row, document }));
    } catch {
      // The event already said ready; the counts catch up on the next reload.
    }
  }
}
