import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { TranslatePipe } from '@ngx-translate/core';
import { UploadTracker } from '../../../shared/knowledge/upload-tracker';

/** Upload from the chat into the assistant's knowledge base, with progress per file. */
@Component({
  selector: 'app-knowledge-upload',
  imports: [TranslatePipe],
  templateUrl: './knowledge-upload.html',
  styleUrl: './knowledge-upload.scss',
  providers: [UploadTracker],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class KnowledgeUpload {
  protected readonly tracker = inject(UploadTracker);
  readonly assistantId = input.required<string>();
  protected readonly rows = this.tracker.rows;

  protected choose(input: HTMLInputElement): void {
    const files = Array.from(input.files ?? []);
    input.value = '';
    if (files.length) void this.tracker.upload(this.assistantId(), files);
  }

  protected dismiss(): void {
    this.tracker.dismiss();
  }
}
