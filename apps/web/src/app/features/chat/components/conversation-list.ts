import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  effect,
  type ElementRef,
  inject,
  input,
  output,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type { ConversationView } from '@assistants/common';
import { TranslatePipe } from '@ngx-translate/core';
import { ConversationTitlePipe } from '../../../shared/conversations/conversation-title.pipe';
import { Icon } from '../../../shared/icons/icon';
import { Subject, catchError, debounceTime, distinctUntilChanged, map, of, startWith, switchMap } from 'rxjs';
import { errorMessage } from '../../../core/api/api-error';
import { ChatApiService } from '../services/chat-api.service';
import { TagEditor } from './tag-editor';

/** The longest search text sent to the server. */
export const SEARCH_MAX_LENGTH = 200;
/** How long the typing pauses before the server is asked. */
export const SEARCH_DEBOUNCE_MS = 250;

/** What the search box sends: trimmed, at most SEARCH_MAX_LENGTH characters; empty means no search. */
export function searchTerm(text: string): string {
  return text.trim().slice(0, SEARCH_MAX_LENGTH).trim();
}

/** The state of the server search: none (empty box), waiting, its results, or its error. */
export type SearchState = { kind: 'idle' } | { kind: 'loading' } | { kind: 'done'; results: ConversationView[] } | { kind: 'failed'; message: string };

interface SearchKey {
  assistantId: string | null;
  archived: boolean;
  term: string;
  /** Counts the list's reloads: after a rename, pin or delete the search asks again. */
  version: number;
}

export type ConversationAction = 'rename' | 'pin' | 'unpin' | 'archive' | 'restore' | 'delete' | 'clear';

/** The conversations with one assistant: search, pick, and the actions on each. */
@Component({
  selector: 'app-conversation-list',
  imports: [TranslatePipe, TagEditor, ConversationTitlePipe, Icon],
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

  /** The assistant whose conversations are searched; without it the box filters titles here. */
  readonly assistantId = input<string | null>(null);
  /** Only conversations with this tag are listed (the page asks the server); null lists all. */
  readonly tagFilter = input<string | null>(null);
  /** The tags the filter offers. */
  readonly tagsInUse = input<string[]>([]);
  readonly tagFilterChanged = output<string | null>();
  /** Saves a conversation's tags; the tag editor shows what failed. */
  readonly saveTags = input.required<(conversation: ConversationView, tags: string[]) => Promise<unknown>>();
  /** The conversation whose tag editor is open under it. */
  protected readonly editingTagsId = signal<string | null>(null);

  private readonly api = inject(ChatApiService);
  protected readonly search = signal('');
  private readonly keys = new Subject<SearchKey>();
  private version = 0;
  protected readonly searchState = signal<SearchState>({ kind: 'idle' });
  private readonly searchBox = viewChild.required<ElementRef<HTMLInputElement>>('searchBox');

  /** Ctrl+K (Cmd+K on a Mac) anywhere on the chat screen, even while typing elsewhere: to the search box. */
  protected shortcut(event: KeyboardEvent): void {
    if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey || event.key.toLowerCase() !== 'k') return;
    event.preventDefault();
    this.searchBox().nativeElement.focus();
    this.searchBox().nativeElement.select();
  }
  constructor() {
    this.keys
      .pipe(
        debounceTime(SEARCH_DEBOUNCE_MS),
        distinctUntilChanged((a, b) => a.assistantId === b.assistantId && a.archived === b.archived && a.term === b.term && a.version === b.version),
        // switchMap: a newer text cancels the request still on its way, so the latest one wins.
        switchMap((key) => {
          if (!key.term || !key.assistantId) return of<SearchState>({ kind: 'idle' });
          return this.api.searchConversations(key.assistantId, key.archived ? 'archived' : 'active', key.term).pipe(
            map((results): SearchState => ({ kind: 'done', results })),
            catchError((error: unknown) => of<SearchState>({ kind: 'failed', message: errorMessage(error) })),
            startWith<SearchState>({ kind: 'loading' }),
          );
        }),
        takeUntilDestroyed(inject(DestroyRef)),
      )
      .subscribe((state) => this.searchState.set(state));
    // Another assistant, the other tab or a reloaded list (a conversation renamed, pinned, deleted): search again.
    effect(() => {
      const assistantId = this.assistantId();
      const archived = this.showArchived();
      this.conversations();
      untracked(() => this.keys.next({ assistantId, archived, term: searchTerm(this.search()), version: ++this.version }));
    });
  }

  protected typed(text: string): void {
    this.search.set(text);
    const term = searchTerm(text);
    // An emptied box shows the whole list at once, without waiting.
    if (!term) this.searchState.set({ kind: 'idle' });
    this.keys.next({ assistantId: this.assistantId(), archived: this.showArchived(), term, version: this.version });
  }

  /** A search term and an assistant: the server's results; otherwise the list (titles filtered here without an assistant). */
  protected readonly serverSearch = computed(() => !!searchTerm(this.search()) && !!this.assistantId());
  protected readonly visible = computed(() => {
    if (this.serverSearch()) {
      const state = this.searchState();
      return state.kind === 'done' ? state.results : [];
    }
    const needle = searchTerm(this.search()).toLowerCase();
    return needle ? this.conversations().filter((c) => c.title.toLowerCase().includes(needle)) : this.conversations();
  });
  protected readonly nothingFound = computed(
    () => !!searchTerm(this.search()) && this.visible().length === 0 && (!this.serverSearch() || this.searchState().kind === 'done'),
  );

  protected toggleTags(conversation: ConversationView, event: Event): void {
    event.stopPropagation();
    this.editingTagsId.update((id) => (id === conversation.id ? null : conversation.id));
  }

  /** A tag chip: only the conversations with that tag (or all again, for the tag already chosen). */
  protected filterBy(tag: string | null, event?: Event): void {
    event?.stopPropagation();
    this.tagFilterChanged.emit(tag === this.tagFilter() ? null : tag);
  }

  protected act(action: ConversationAction, conversation: ConversationView, event: Event): void {
    event.stopPropagation();
    this.action.emit({ action, conversation });
  }
}
