import { ChangeDetectionStrategy, Component, effect, inject, input, signal, untracked } from '@angular/core';
import type { DocumentView } from '@assistants/common';
import { TranslatePipe, TranslateService } from '@ngx-translate/core';
import { LanguageService } from '../../../core/i18n/language.service';
import { documentErrorText } from '../../../core/i18n/problem-message';
import { UploadTracker } from '../../../shared/knowledge/upload-tracker';
import { KnowledgeBase } from '../services/knowledge-base';
import { DialogService } from '../../../shared/dialog/dialog.service';

/** The assistant's knowledge base: drop or choose several files, watch each one, delete, retry, re-index. */
@Component({
  selector: 'app-knowledge-panel',
  imports: [TranslatePipe],
  templateUrl: './knowledge-panel.html',
  styleUrls: ['./panel.scss', './knowledge-panel.scss'],
  providers: [UploadTracker, KnowledgeBase],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class KnowledgePanel {
  protected readonly base = inject(KnowledgeBase);
  private readonly translate = inject(TranslateService);
  private readonly dialogs = inject(DialogService);
  private readonly language = inject(LanguageService);
  readonly assistantId = input.required<string>();
  protected readonly dragging = signal(false);

  constructor() {
    effect(() => {
      const id = this.assistantId();
      untracked(() => void this.base.open(id));
    });
  }

  protected choose(input: HTMLInputElement): void {
    const files = Array.from(input.files ?? []);
    input.value = '';
    void this.base.upload(files);
  }

  protected dragOver(event: DragEvent): void {
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    this.dragging.set(true);
  }

  protected drop(event: DragEvent): void {
    event.preventDefault();
    this.dragging.set(false);
    void this.base.upload(Array.from(event.dataTransfer?.files ?? []));
  }

  protected async remove(document: DocumentView): Promise<void> {
    if (
      !(await this.dialogs.confirm({
        title: this.translate.instant('assistantPage.knowledge.confirmDelete', { name: document.filename }) as string,
        confirmLabel: this.translate.instant('dialog.delete') as string,
        danger: true,
      }))
    )
      return;
    void this.base.remove(document.id);
  }

  /** Why a document failed, in the interface language (read here so that a change of language shows at once). */
  protected documentError(document: DocumentView): string | null {
    this.language.current();
    return documentErrorText(document);
  }

  /** 812 B, 4.2 KB, 1.3 MB: in the interface language's number format. */
  protected size(bytes: number): string {
    const [value, unit] = bytes < 1024 ? [bytes, 'byte'] : bytes < 1024 ** 2 ? [bytes / 1024, 'kilobyte'] : [bytes / 1024 ** 2, 'megabyte'];
    return new Intl.NumberFormat(this.language.current(), { style: 'unit', unit, unitDisplay: 'narrow', maximumFractionDigits: 1 }).format(value);
  }
}
