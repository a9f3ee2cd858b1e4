import { ChangeDetectionStrategy, Component, input, output, signal } from '@angular/core';
import { TranslatePipe } from '@ngx-translate/core';

/** The question box: Enter sends, Shift+Enter starts a new line. */
@Component({
  selector: 'app-composer',
  imports: [TranslatePipe],
  template: `
    <textarea rows="2" [placeholder]="'chat.placeholder' | translate" [attr.aria-label]="'chat.placeholder' | translate"
              [value]="text()" (input)="text.set($any($event.target).value)" (keydown.enter)="onEnter($any($event))"></textarea>
    <button type="button" class="primary" [disabled]="disabled()" (click)="submit()">{{ 'chat.send' | translate }}</button>
  `,
  styles: `
    :host { display: flex; gap: .5rem; padding: .75rem; border-top: 1px solid var(--border); background: var(--surface); }
    textarea { flex: 1; resize: vertical; min-height: 2.75rem; max-height: 40vh; }
    button { align-self: flex-end; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Composer {
  readonly disabled = input(false);
  readonly sent = output<string>();
  protected readonly text = signal('');

  protected onEnter(event: KeyboardEvent): void {
    if (event.shiftKey || event.isComposing) return;
    event.preventDefault();
    this.submit();
  }

  protected submit(): void {
    const text = this.text().trim();
    if (!text || this.disabled()) return;
    this.sent.emit(text);
    this.text.set('');
  }
}
