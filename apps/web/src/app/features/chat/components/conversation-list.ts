import { ChangeDetectionStrategy, Component, computed, type ElementRef, input, output, signal, viewChild } from '@angular/core';
import type { ConversationView } from '@assistants/common';
import { TranslatePipe } from '@ngx-translate/core';

export type ConversationAction = 'rename' | 'pin' | 'unpin' | 'archive' | 'restore' | 'delete' | 'clear';

/** The conversations with one assistant: search, pick, and the actions on each. */
@Component({
  selector: 'app-conversation-list',
  imports: [TranslatePipe],
  templateUrl: './conversation-list.html',
  styleUrl: './conversation-list.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '(document:keydown)': 'shortcut($event)' },
})
export class ConversationList {
  readonly conversations = input.required<ConversationView[]>();
  readonly selectedId = input<string | null>(null);
  readonly showArchived = input(false);
  readonly selected = output<ConversationView>();
  readonly created = output<void>();
  readonly archivedToggled = output<boolean>();
  readonly action = output<{ action: ConversationAction; conversation: ConversationView }>();

  protected readonly search = signal('');
  private readonly searchBox = viewChild.required<ElementRef<HTMLInputElement>>('searchBox');

  /** Ctrl+K (Cmd+K on a Mac) anywhere on the chat screen, even while typing elsewhere: to the search box. */
  protected shortcut(event: KeyboardEvent): void {
    if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey || event.key.toLowerCase() !== 'k') return;
    event.preventDefault();
    this.searchBox().nativeElement.focus();
    this.searchBox().nativeElement.select();
  }
  protected readonly visible = computed(() => {
    const needle = this.search().trim().toLowerCase();
    return needle ? this.conversations().filter((c) => c.title.toLowerCase().includes(needle)) : this.conversations();
  });

  protected act(action: ConversationAction, conversation: ConversationView, event: Event): void {
    event.stopPropagation();
    this.action.emit({ action, conversation });
  }
}
