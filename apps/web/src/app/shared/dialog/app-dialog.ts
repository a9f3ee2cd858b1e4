import { ChangeDetectionStrategy, Component, computed, type ElementRef, signal, viewChild } from '@angular/core';
import { TranslatePipe } from '@ngx-translate/core';

export interface ConfirmOptions {
  title: string;
  text?: string;
  /** The confirming button's label (a danger button when `danger`). */
  confirmLabel: string;
  danger?: boolean;
}

export interface PromptOptions {
  title: string;
  label: string;
  value?: string;
  confirmLabel: string;
  /** Left out: 200. */
  maxLength?: number;
}

export type DialogRequest = ({ kind: 'confirm' } & ConfirmOptions) | ({ kind: 'prompt' } & PromptOptions);

let nextId = 0;

/**
 * The app's own modal (a native <dialog> opened with showModal: focus moves into it, Esc cancels);
 * DialogService opens it and returns focus to the opener when it closes.
 */
@Component({
  selector: 'app-dialog',
  imports: [TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <dialog #dialog class="app-dialog" [attr.aria-labelledby]="ids.title" (cancel)="cancel($event)">
      <form (submit)="submit($event)" novalidate>
        <h2 [id]="ids.title">{{ request().title }}</h2>
        @if (request().kind === 'confirm' && text()) {
          <p>{{ text() }}</p>
        }
        @if (request().kind === 'prompt') {
          <label [for]="ids.input">{{ label() }}</label>
          <input
            #input
            [id]="ids.input"
            type="text"
            autocomplete="off"
            [value]="value()"
            [attr.aria-invalid]="error() ? 'true' : null"
            [attr.aria-describedby]="error() ? ids.error : null"
            (input)="typed(input.value)"
          />
          @if (error(); as message) {
            <p class="app-dialog__error" role="alert" [id]="ids.error">{{ message | translate: { max: maxLength() } }}</p>
          }
        }
        <div class="app-dialog__actions">
          <button type="button" (click)="close(null)">{{ 'dialog.cancel' | translate }}</button>
          <button type="submit" [class.danger]="danger()">{{ request().confirmLabel }}</button>
        </div>
      </form>
    </dialog>
  `,
  styles: `
    .app-dialog { border: 1px solid #999; border-radius: 8px; padding: 1rem 1.25rem; max-width: min(32rem, 90vw); }
    .app-dialog::backdrop { background: rgb(0 0 0 / 40%); }
    .app-dialog h2 { margin: 0 0 0.75rem; font-size: 1.15rem; }
    .app-dialog label { display: block; margin-bottom: 0.25rem; }
    .app-dialog input { width: 100%; box-sizing: border-box; }
    .app-dialog__error { color: #b00020; margin: 0.25rem 0 0; }
    .app-dialog__actions { display: flex; justify-content: flex-end; gap: 0.5rem; margin-top: 1rem; }
    .app-dialog .danger { background: #b00020; color: #fff; border-color: #b00020; }
  `,
})
export class AppDialog {
  readonly request = signal<DialogRequest>({ kind: 'confirm', title: '', confirmLabel: '' });
  protected readonly ids = { title: `app-dialog-title-${++nextId}`, input: `app-dialog-input-${nextId}`, error: `app-dialog-error-${nextId}` };
  protected readonly value = signal('');
  protected readonly error = signal<string | null>(null);
  protected readonly text = computed(() => {
    const r = this.request();
    return r.kind === 'confirm' ? r.text : undefined;
  });
  protected readonly label = computed(() => {
    const r = this.request();
    return r.kind === 'prompt' ? r.label : '';
  });
  protected readonly danger = computed(() => {
    const r = this.request();
    return r.kind === 'confirm' && !!r.danger;
  });
  protected readonly maxLength = computed(() => {
    const r = this.request();
    return r.kind === 'prompt' ? (r.maxLength ?? 200) : 0;
  });
  private readonly dialog = viewChild.required<ElementRef<HTMLDialogElement>>('dialog');
  private readonly input = viewChild<ElementRef<HTMLInputElement>>('input');
  /** Called once with the answer: true (confirmed), the text (prompt), or null (cancelled). */
  onClose: (answer: string | true | null) => void = () => undefined;

  open(request: DialogRequest): void {
    this.request.set(request);
    this.value.set(request.kind === 'prompt' ? (request.value ?? '') : '');
    this.error.set(null);
  }

  /** After the first render: show it modally and put focus in the field (or on the confirming button). */
  show(): void {
    const dialog = this.dialog().nativeElement;
    if (typeof dialog.showModal === 'function') dialog.showModal();
    else dialog.setAttribute('open', '');
    const input = this.input()?.nativeElement;
    if (input) {
      input.focus();
      input.select();
    } else dialog.querySelector<HTMLButtonElement>('button[type=submit]')?.focus();
  }

  protected typed(value: string): void {
    this.value.set(value);
    if (this.error()) this.error.set(this.problem(value));
  }

  protected cancel(event: Event): void {
    event.preventDefault();
    this.close(null);
  }

  protected submit(event: Event): void {
    event.preventDefault();
    if (this.request().kind === 'confirm') return this.close(true);
    const problem = this.problem(this.value());
    this.error.set(problem);
    if (problem) {
      this.input()?.nativeElement.focus();
      return;
    }
    this.close(this.value().trim());
  }

  protected close(answer: string | true | null): void {
    const dialog = this.dialog().nativeElement;
    if (typeof dialog.close === 'function') dialog.close();
    else dialog.removeAttribute('open');
    this.onClose(answer);
  }

  private problem(value: string): string | null {
    const trimmed = value.trim();
    if (!trimmed) return 'dialog.required';
    return trimmed.length > this.maxLength() ? 'dialog.tooLong' : null;
  }
}
