import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  afterRenderEffect,
  computed,
  effect,
  inject,
  input,
  output,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { NgTemplateOutlet } from '@angular/common';
import { DomSanitizer } from '@angular/platform-browser';
import type { MessageView, ToolCallView } from '@assistants/common';
import { TranslatePipe, TranslateService } from '@ngx-translate/core';
import { LanguageService } from '../../../core/i18n/language.service';
import { formatProblemCode } from '../../../core/i18n/problem-message';
import { MarkdownService } from '../../../shared/markdown/markdown.service';
import { SpeechService, textOfHtml } from '../../../shared/speech/speech.service';
import { MessageDetails } from './message-details';
import { ToolCallCard } from './tool-call-card';
import { toolLabel } from '../services/tool-calls';

const STARS = [1, 2, 3, 4, 5];

/** One message: a question as plain text, an answer as sanitised markdown with its tool calls and controls. */
@Component({
  selector: 'app-message-item',
  imports: [TranslatePipe, MessageDetails, ToolCallCard, NgTemplateOutlet],
  templateUrl: './message-item.html',
  styleUrl: './message-item.scss',
  host: { '[class]': 'message().role', '(click)': 'onClick($event)' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MessageItem {
  private readonly markdown = inject(MarkdownService);
  private readonly sanitizer = inject(DomSanitizer);
  private readonly translate = inject(TranslateService);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly language = inject(LanguageService);
  protected readonly speech = inject(SpeechService);

  readonly message = input.required<MessageView>();
  readonly text = input.required<string>();
  readonly typing = input(false);
  /** An answer's tool calls, each in its latest known state. */
  readonly toolCalls = input<ToolCallView[]>([]);
  /** The tool the answer's turn is calling now ("server/name"), for the typing line. */
  readonly callingTool = input<string | null>(null);
  /** Whether the signed-in person may approve or reject the calls (their own conversation). */
  readonly canDecide = input(false);
  readonly toolCallChanged = output<ToolCallView>();
  /** A decision came too late (409): the calls shown are older than the server's. */
  readonly toolCallsStale = output<void>();
  readonly stopped = output<MessageView>();
  readonly retried = output<MessageView>();
  readonly rated = output<{ message: MessageView; rating: number; comment?: string }>();
  /** This question is being edited (opened by its Edit button, or Up in an empty composer). */
  readonly editing = input(false);
  /** Regenerate, edit and versions are offered (not while another answer is being written). */
  readonly canBranch = input(true);
  readonly regenerated = output<MessageView>();
  readonly editStarted = output<MessageView>();
  readonly editCancelled = output<void>();
  readonly edited = output<{ message: MessageView; content: string }>();
  /** Another version of this message was chosen (its id). */
  readonly versionChosen = output<string>();

  protected readonly stars = STARS;
  /** "Copied" for a moment after the answer's Copy button was used. */
  protected readonly copied = signal(false);
  protected readonly draft = signal('');
  /** Where this message stands among its versions; null when it has only one. */
  protected readonly version = computed(() => {
    const versions = this.message().versions ?? [];
    if (versions.length < 2) return null;
    const index = versions.indexOf(this.message().id);
    return { n: index + 1, total: versions.length, previous: versions[index - 1] ?? null, next: versions[index + 1] ?? null };
  });
  protected readonly showDetails = signal(false);
  /** After a star is clicked, an optional comment can be added to the rating. */
  protected readonly commenting = signal(false);
  protected readonly comment = signal('');
  protected readonly isAnswer = computed(() => this.message().role === 'assistant');
  // DOMPurify has already removed anything executable; Angular's own pass would also strip the copy buttons.
  protected readonly html = computed(() => {
    if (!this.isAnswer()) return null;
    this.language.current(); // re-render the copy buttons' label when the language changes
    return this.sanitizer.bypassSecurityTrustHtml(this.markdown.render(this.text(), this.translate.instant('chat.copy') as string));
  });
  /**
   * What the typing line says: that a call waits for approval (the turn is paused on it), the tool
   * being called, or that the assistant types; null: no line.
   */
  protected readonly typingLine = computed(() => {
    const waiting = this.running() ? this.toolCalls().find((call) => call.status === 'awaiting_approval') : undefined;
    if (waiting) return { key: 'chat.tools.waiting', tool: toolLabel(waiting) };
    const tool = this.callingTool();
    if (tool) return { key: 'chat.tools.calling', tool };
    return this.typing() ? { key: 'chat.typing', tool: '' } : null;
  });
  protected readonly running = computed(() => this.message().status === 'pending' || this.message().status === 'streaming');
  protected readonly failed = computed(() => this.message().status === 'failed');
  /**
   * Why the answer failed: its code's text in the interface language, the stored English reason
   * beside it for support; an answer failed before codes (or with a code this build does not know) shows its English text.
   */
  protected readonly failure = computed(() => {
    const { error, errorCode, errorParams } = this.message();
    this.language.current(); // the code's text follows the interface language
    const text = formatProblemCode(errorCode, errorParams ?? undefined);
    return text ? { text, detail: error && error !== text ? error : null } : { text: error, detail: null };
  });
  /** Stopped by the person: a neutral note, not an error. */
  protected readonly stoppedNote = computed(() => this.message().status === 'cancelled');
  /** Finished one way or another: it can be written again. */
  protected readonly ended = computed(() => this.isAnswer() && !this.running() && this.message().status !== 'pending');
  protected readonly done = computed(() => this.isAnswer() && this.message().status === 'done');
  protected readonly seconds = computed(() => {
    const ms = this.message().processingTimeMs;
    return ms === null ? null : (ms / 1000).toFixed(1);
  });

  /** The template an answer was given with (the stored LLM request names it). */
  protected readonly templateName = computed(() => this.message().llmRequest?.template?.name ?? null);

  private readonly editBox = viewChild<ElementRef<HTMLTextAreaElement>>('editBox');

  constructor() {
    // The box opens with the question's text, focused.
    effect(() => {
      if (this.editing()) untracked(() => this.draft.set(this.text()));
    });
    afterRenderEffect(() => this.editBox()?.nativeElement.focus());
  }

  protected readonly reading = computed(() => this.speech.speaking() === this.message().id);
  /** Why reading aloud cannot work here, in the interface language; null when it can. */
  protected readonly speakProblem = computed(() => {
    const problem = this.speech.speakProblem();
    this.language.current();
    return problem ? (this.translate.instant(`speech.${problem}`) as string) : null;
  });
  protected readonly explainingSpeech = signal(false);

  protected toggleReadAloud(): void {
    if (this.speakProblem()) {
      this.explainingSpeech.set(true);
      return;
    }
    if (this.reading()) this.speech.stopSpeaking();
    else this.speech.speak(this.message().id, textOfHtml(this.markdown.render(this.text())));
  }

  protected rate(rating: number): void {
    this.rated.emit({ message: this.message(), rating });
    this.comment.set(this.message().feedback ?? '');
    this.commenting.set(true);
  }

  protected saveComment(event: Event): void {
    event.preventDefault(); // a plain form: without this the browser would submit it and reload
    const rating = this.message().rating;
    if (rating) this.rated.emit({ message: this.message(), rating, comment: this.comment().trim() });
    this.commenting.set(false);
  }

  protected copyAnswer(): void {
    void navigator.clipboard?.writeText(this.text()).then(() => {
      this.copied.set(true);
      setTimeout(() => this.copied.set(false), 1500);
    });
  }

  protected startEdit(): void {
    this.editStarted.emit(this.message());
  }

  protected onEditKey(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      event.stopPropagation();
      this.cancelEdit();
    } else if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      this.saveEdit();
    }
  }

  protected saveEdit(): void {
    const content = this.draft().trim();
    if (content) this.edited.emit({ message: this.message(), content });
  }

  protected cancelEdit(): void {
    this.editCancelled.emit();
  }

  /** Copy buttons live inside rendered markdown, so they are handled by delegation. */
  protected onClick(event: MouseEvent): void {
    const button = (event.target as HTMLElement | null)?.closest('button.copy-code');
    if (!button || !this.host.nativeElement.contains(button)) return;
    const code = button.closest('.code-block')?.querySelector('code')?.textContent ?? '';
    void navigator.clipboard?.writeText(code).then(() => {
      button.textContent = this.translate.instant('chat.copied') as string;
      setTimeout(() => (button.textContent = this.translate.instant('chat.copy') as string), 1500);
    });
  }
}
