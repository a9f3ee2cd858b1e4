import { ChangeDetectionStrategy, Component, computed, effect, input, output, signal, untracked } from '@angular/core';
import { MAX_CONVERSATION_TAG_LENGTH, MAX_CONVERSATION_TAGS, type ConversationView } from '@assistants/common';
import { TranslatePipe } from '@ngx-translate/core';
import { ConversationTitlePipe } from '../../../shared/conversations/conversation-title.pipe';
import { FormProblems } from '../../../shared/forms/field-errors';

/** As the server keeps a tag: without the spaces around it, in lower case. */
export function normaliseTag(text: string): string {
  return text.trim().toLowerCase();
}

/**
 * A conversation's tags as chips: remove one, add one, then save them all at once. The server's
 * reasons (a tag with signs it does not take, say) show under the field, in the person's words.
 */
@Component({
  selector: 'app-tag-editor',
  imports: [TranslatePipe, ConversationTitlePipe],
  template: `
    <form class="tag-editor" novalidate (submit)="submit($event)" (click)="$event.stopPropagation()" (keydown.escape)="closed.emit()">
      <p class="legend" [id]="'tags-legend-' + conversation().id">{{ 'chat.tags.legend' | translate: { title: conversation().title | conversationTitle } }}</p>
      <ul class="chips" [attr.aria-labelledby]="'tags-legend-' + conversation().id">
        @for (tag of tags(); track tag) {
          <li class="chip">
            {{ tag }}
            <button type="button" class="link" [attr.aria-label]="'chat.tags.remove' | translate: { tag }" [title]="'chat.tags.remove' | translate: { tag }" (click)="remove(tag)">
              ✕
            </button>
          </li>
        } @empty {
          <li class="muted small">{{ 'chat.tags.none' | translate }}</li>
        }
      </ul>
      <div class="add">
        <input
          #box
          type="text"
          autocomplete="off"
          [attr.maxlength]="maxLength"
          [placeholder]="'chat.tags.newTag' | translate"
          [attr.aria-label]="'chat.tags.newTag' | translate"
          [attr.aria-invalid]="!!problems.fields()['tags']"
          [disabled]="full()"
          [value]="draft()"
          (input)="typed($any($event.target).value)"
          (keydown.enter)="add(); $event.preventDefault()"
        />
        <button type="button" [title]="'chat.tags.addTitle' | translate" [disabled]="full() || !draft().trim()" (click)="add(); box.focus()">
          {{ 'chat.tags.add' | translate }}
        </button>
      </div>
      @if (full()) {
        <p class="muted small">{{ 'chat.tags.full' | translate: { max: maxTags } }}</p>
      }
      @if (problems.fields()['tags']; as message) {
        <p class="error" role="alert">{{ message }}</p>
      }
      @if (problems.general(); as message) {
        <p class="error" role="alert">{{ message }}</p>
      }
      <div class="actions">
        <button type="button" [disabled]="busy()" (click)="closed.emit()">{{ 'chat.tags.cancel' | translate }}</button>
        <button type="submit" class="primary" [title]="'chat.tags.saveTitle' | translate" [disabled]="busy()">
          {{ (busy() ? 'chat.tags.saving' : 'chat.tags.save') | translate }}
        </button>
      </div>
    </form>
  `,
  styles: `
    .tag-editor { display: flex; flex-direction: column; gap: .4rem; padding: .5rem; border: 1px solid var(--border); border-radius: 8px; background: var(--surface); }
    .legend { margin: 0; font-size: .9rem; }
    .chips { display: flex; flex-wrap: wrap; gap: .3rem; list-style: none; margin: 0; padding: 0; }
    .chip { display: inline-flex; align-items: center; gap: .2rem; padding: .05rem .5rem; border-radius: 999px; background: var(--chip, var(--border)); font-size: .85rem; }
    .add { display: flex; gap: .4rem; } .add input { flex: 1; min-width: 0; }
    .actions { display: flex; justify-content: flex-end; gap: .4rem; flex-wrap: wrap; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TagEditor {
  readonly conversation = input.required<ConversationView>();
  /** Saves the tags (the page's store does the request); a failure is shown here. */
  readonly save = input.required<(conversation: ConversationView, tags: string[]) => Promise<unknown>>();
  readonly closed = output<void>();

  protected readonly maxTags = MAX_CONVERSATION_TAGS;
  protected readonly maxLength = MAX_CONVERSATION_TAG_LENGTH;
  protected readonly tags = signal<string[]>([]);
  protected readonly draft = signal('');
  protected readonly busy = signal(false);
  protected readonly full = computed(() => this.tags().length >= MAX_CONVERSATION_TAGS);
  protected readonly problems = new FormProblems(['tags']);

  constructor() {
    effect(() => {
      const tags = this.conversation().tags;
      untracked(() => this.tags.set([...tags]));
    });
  }

  protected typed(text: string): void {
    this.draft.set(text);
    this.problems.edited('tags');
  }

  protected add(): void {
    const tag = normaliseTag(this.draft());
    if (!tag || this.full()) return;
    this.tags.update((tags) => (tags.includes(tag) ? tags : [...tags, tag]));
    this.draft.set('');
    this.problems.edited('tags');
  }

  protected remove(tag: string): void {
    this.tags.update((tags) => tags.filter((t) => t !== tag));
    this.problems.edited('tags');
  }

  protected async submit(event: Event): Promise<void> {
    event.preventDefault();
    if (this.busy()) return;
    // A tag typed but not yet added is meant too.
    this.add();
    this.busy.set(true);
    this.problems.clear();
    try {
      await this.save()(this.conversation(), this.tags());
      this.closed.emit();
    } catch (error) {
      this.problems.show(error);
    } finally {
      this.busy.set(false);
    }
  }
}
