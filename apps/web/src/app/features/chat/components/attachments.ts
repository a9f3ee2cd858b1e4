import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, input, signal, untracked } from '@angular/core';
import type { DocumentView } from '@assistants/common';
import { TranslatePipe } from '@ngx-translate/core';
import { firstValueFrom } from 'rxjs';
import { errorMessage } from '../../../core/api/api-error';
import { documentErrorText } from '../../../core/i18n/problem-message';
import { AttachmentsService } from '../services/attachments.service';
import { Icon } from '../../../shared/icons/icon';

/** A chip: a file attached to the conversation, or one still being sent. */
export interface AttachmentChip {
  key: string;
  name: string;
  state: 'reading' | 'ready' | 'failed';
  reason?: string;
  documentId?: string;
}

const POLL_MS = 700;

/** What a document's status shows as. */
export function chipOf(document: DocumentView): AttachmentChip {
  const state = document.status === 'ready' ? 'ready' : document.status === 'failed' ? 'failed' : 'reading';
  return { key: document.id, name: document.filename, state, reason: documentErrorText(document) ?? undefined, documentId: document.id };
}

/**
 * The attach button beside the composer and a chip per file attached to the conversation (reading, ready, or
 * failed with its reason; removable). `ensureConversation` opens a conversation for a file attached before
 * the first question. A question sent while a file is still being read waits for it on the server.
 */
@Component({
  selector: 'app-attachments',
  imports: [TranslatePipe, Icon],
  template: `
    <label class="attach" [title]="'chat.attachments.attachHint' | translate">
      <app-icon name="paperclip" /> {{ 'chat.attachments.attach' | translate }}
      <input type="file" class="visually-hidden" [disabled]="busy()" (change)="choose($any($event.target))" />
    </label>
    @if (chips().length) {
      <ul class="chips" [attr.aria-label]="'chat.attachments.listLabel' | translate">
        @for (chip of chips(); track chip.key) {
          <li class="chip" [class.failed]="chip.state === 'failed'" [attr.data-state]="chip.state">
            <span class="name">{{ chip.name }}</span>
            <span class="state" role="status">
              @switch (chip.state) {
                @case ('reading') { {{ 'chat.attachments.reading' | translate }} }
                @case ('ready') { {{ 'chat.attachments.ready' | translate }} }
                @case ('failed') { {{ 'chat.attachments.failed' | translate: { reason: chip.reason ?? '' } }} }
              }
            </span>
            <button type="button" class="remove" [attr.aria-label]="'chat.attachments.remove' | translate: { name: chip.name }"
                    [title]="'chat.attachments.remove' | translate: { name: chip.name }" (click)="remove(chip)">×</button>
          </li>
        }
      </ul>
    }
    @if (error(); as message) { <p class="error" role="alert">{{ message }}</p> }
  `,
  styles: `
    :host { display: flex; flex-wrap: wrap; align-items: center; gap: .4rem; padding: .4rem .75rem 0; background: var(--surface); }
    .attach { cursor: pointer; border: 1px solid var(--border); border-radius: 6px; padding: .25rem .55rem; font-size: .9rem; }
    .attach:focus-within { outline: 2px solid var(--focus, currentColor); }
    .chips { display: flex; flex-wrap: wrap; gap: .4rem; list-style: none; margin: 0; padding: 0; }
    .chip { display: flex; align-items: center; gap: .35rem; border: 1px solid var(--border); border-radius: 999px; padding: .15rem .3rem .15rem .6rem; font-size: .85rem; }
    .chip.failed { border-color: var(--danger); }
    .state { color: var(--muted); }
    .remove { padding: 0 .4rem; line-height: 1.4; }
    .error { flex-basis: 100%; margin: 0; color: var(--danger); font-size: .85rem; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Attachments {
  readonly conversationId = input<string | null>(null);
  /** Opens a conversation when there is none yet; answers its id. */
  readonly ensureConversation = input.required<() => Promise<string>>();
  private readonly api = inject(AttachmentsService);
  protected readonly documents = signal<DocumentView[]>([]);
  /** Files being sent, before the server has answered. */
  protected readonly sending = signal<AttachmentChip[]>([]);
  protected readonly error = signal<string | null>(null);
  protected readonly busy = computed(() => this.sending().length > 0);
  protected readonly chips = computed(() => [...this.documents().map(chipOf), ...this.sending()]);
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    effect(() => {
      const conversationId = this.conversationId();
      untracked(() => {
        this.documents.set([]);
        this.error.set(null);
        if (conversationId) void this.refresh(conversationId);
      });
    });
    inject(DestroyRef).onDestroy(() => clearTimeout(this.timer));
  }

  protected async choose(element: HTMLInputElement): Promise<void> {
    const file = element.files?.[0];
    element.value = '';
    if (!file) return;
    this.error.set(null);
    const pending: AttachmentChip = { key: `sending-${Date.now()}`, name: file.name, state: 'reading' };
    this.sending.update((list) => [...list, pending]);
    try {
      const conversationId = this.conversationId() ?? (await this.ensureConversation()());
      const uploaded = await firstValueFrom(this.api.upload(conversationId, file));
      this.documents.update((list) => [...list.filter((d) => d.id !== uploaded.document.id), uploaded.document]);
      this.schedule(conversationId);
    } catch (error) {
      this.error.set(errorMessage(error));
    } finally {
      this.sending.update((list) => list.filter((chip) => chip !== pending));
    }
  }

  protected async remove(chip: AttachmentChip): Promise<void> {
    const conversationId = this.conversationId();
    if (!chip.documentId || !conversationId) return;
    try {
      await firstValueFrom(this.api.remove(conversationId, chip.documentId));
      this.documents.update((list) => list.filter((d) => d.id !== chip.documentId));
    } catch (error) {
      this.error.set(errorMessage(error));
    }
  }

  private async refresh(conversationId: string): Promise<void> {
    try {
      const documents = await firstValueFrom(this.api.list(conversationId));
      if (conversationId !== this.conversationId()) return;
      this.documents.set(documents);
      this.schedule(conversationId);
    } catch (error) {
      this.error.set(errorMessage(error));
    }
  }

  /** Polls while a file is still being read. */
  private schedule(conversationId: string): void {
    clearTimeout(this.timer);
    if (!this.documents().some((d) => d.status === 'queued' || d.status === 'processing')) return;
    this.timer = setTimeout(() => void this.refresh(conversationId), POLL_MS);
  }
}
