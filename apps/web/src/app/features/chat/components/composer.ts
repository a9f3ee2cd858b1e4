import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { TranslatePipe, TranslateService } from '@ngx-translate/core';
import { LanguageService } from '../../../core/i18n/language.service';
import { SpeechService } from '../../../shared/speech/speech.service';

/** The question box: Enter sends, Shift+Enter starts a new line, Up while empty edits the last question. */
@Component({
  selector: 'app-composer',
  imports: [TranslatePipe],
  template: `
    <textarea rows="2" [placeholder]="'chat.placeholder' | translate" [attr.aria-label]="'chat.placeholder' | translate"
              [value]="text()" (input)="text.set($any($event.target).value)" (keydown.enter)="onEnter($any($event))"
              (keydown.arrowup)="onUp($any($event))"></textarea>
    <!-- Always shown: where dictation cannot work, the button says why (tooltip, description, and a note on click). -->
    <button type="button" class="mic" [class.on]="speech.listening()" [attr.aria-pressed]="speech.listening()"
            [attr.aria-disabled]="problem() ? 'true' : null" [attr.aria-description]="problemText()"
            [attr.aria-label]="'chat.voice' | translate" [title]="problemText() ?? ('chat.voice' | translate)" (click)="toggleVoice()">
      <!-- An inline icon, not an emoji: it draws the same without an emoji font. -->
      <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round">
        <rect x="9" y="3" width="6" height="11" rx="3" /><path d="M5 11a7 7 0 0 0 14 0M12 18v3" />
      </svg>
    </button>
    @if (explaining() && problemText(); as why) {
      <p class="why" role="status">{{ why }}</p>
    }
    <button type="button" class="primary" [disabled]="disabled() || !!blockedReason()" [attr.title]="blockedReason()"
            [attr.aria-describedby]="blockedReason() ? 'composer-blocked' : null" (click)="submit()">{{ 'chat.send' | translate }}</button>
    @if (blockedReason(); as reason) { <span id="composer-blocked" class="visually-hidden">{{ reason }}</span> }
  `,
  styles: `
    :host { display: flex; flex-wrap: wrap; gap: .5rem; padding: .75rem; border-top: 1px solid var(--border); background: var(--surface); }
    textarea { flex: 1; resize: vertical; min-height: 2.75rem; max-height: 40vh; }
    button { align-self: flex-end; }
    .mic.on { background: var(--danger-bg); border-color: var(--danger); }
    .mic[aria-disabled='true'] { opacity: .55; cursor: help; }
    .why { flex-basis: 100%; order: 1; margin: 0; font-size: .82rem; color: var(--muted); }
    /* On a phone the hint wraps to three lines: room for all of it, and a little less padding. */
    @media (max-width: 600px) { :host { padding: .5rem; gap: .4rem; } textarea { min-height: 5.4rem; font-size: .95rem; } }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Composer {
  readonly disabled = input(false);
  /** Why sending is not possible yet (said on the Send button), e.g. a template variable still empty. */
  readonly blockedReason = input<string | null>(null);
  readonly sent = output<string>();
  /** Up in the empty box: edit the last question. */
  readonly editLast = output<void>();
  protected readonly text = signal('');
  protected readonly speech = inject(SpeechService);
  private readonly translate = inject(TranslateService);
  private readonly language = inject(LanguageService);
  protected readonly problem = this.speech.listenProblem;
  protected readonly problemText = computed(() => {
    const problem = this.problem();
    this.language.current(); // said again in a newly chosen language
    return problem ? (this.translate.instant(`speech.${problem}`) as string) : null;
  });
  /** A click on a button that cannot work shows why, also where there is no tooltip (a phone). */
  protected readonly explaining = signal(false);

  /** Dictation appends what was heard to the text; sending stays the person's choice. */
  protected toggleVoice(): void {
    if (this.problem()) {
      this.explaining.set(true);
      return;
    }
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
    if (!text || this.disabled() || this.blockedReason()) return;
    this.sent.emit(text);
    this.text.set('');
  }
}
