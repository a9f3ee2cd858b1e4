import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import { TranslatePipe } from '@ngx-translate/core';
import { SpeechService } from '../../../shared/speech/speech.service';

/** The question box: Enter sends, Shift+Enter starts a new line, Up while empty edits the last question. */
@Component({
  selector: 'app-composer',
  imports: [TranslatePipe],
  template: `
    <textarea rows="2" [placeholder]="'chat.placeholder' | translate" [attr.aria-label]="'chat.placeholder' | translate"
              [value]="text()" (input)="text.set($any($event.target).value)" (keydown.enter)="onEnter($any($event))"
              (keydown.arrowup)="onUp($any($event))"></textarea>
    @if (speech.canListen) {
      <button type="button" class="mic" [class.on]="speech.listening()" [attr.aria-pressed]="speech.listening()"
              [attr.aria-label]="'chat.voice' | translate" [title]="'chat.voice' | translate" (click)="toggleVoice()">
        <!-- An inline icon, not an emoji: it draws the same without an emoji font. -->
        <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round">
          <rect x="9" y="3" width="6" height="11" rx="3" /><path d="M5 11a7 7 0 0 0 14 0M12 18v3" />
        </svg>
      </button>
    }
    <button type="button" class="primary" [disabled]="disabled()" (click)="submit()">{{ 'chat.send' | translate }}</button>
  `,
  styles: `
    :host { display: flex; gap: .5rem; padding: .75rem; border-top: 1px solid var(--border); background: var(--surface); }
    textarea { flex: 1; resize: vertical; min-height: 2.75rem; max-height: 40vh; }
    button { align-self: flex-end; }
    .mic.on { background: #ffe9e9; border-color: var(--danger); }
    /* On a phone the hint wraps to three lines: room for all of it, and a little less padding. */
    @media (max-width: 600px) { :host { padding: .5rem; gap: .4rem; } textarea { min-height: 4.6rem; font-size: .95rem; } }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Composer {
  readonly disabled = input(false);
  readonly sent = output<string>();
  /** Up in the empty box: edit the last question. */
  readonly editLast = output<void>();
  protected readonly text = signal('');
  protected readonly speech = inject(SpeechService);

  /** Dictation appends what was heard to the text; sending stays the person's choice. */
  protected toggleVoice(): void {
    if (this.speech.listening()) this.speech.stopListening();
    else this.speech.listen((heard) => this.text.update((text) => (text ? `${text} ${heard}` : heard)));
  }

  protected onEnter(event: KeyboardEvent): void {
    if (event.shiftKey || event.isComposing) return;
    event.preventDefault();
    this.submit();
  }

  protected onUp(event: KeyboardEvent): void {
    if (this.text() !== '' || event.isComposing) return;
    event.preventDefault();
    this.editLast.emit();
  }

  protected submit(): void {
    const text = this.text().trim();
    if (!text || this.disabled()) return;
    this.sent.emit(text);
    this.text.set('');
  }
}
