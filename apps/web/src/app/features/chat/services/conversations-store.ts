import { Injectable, computed, inject, signal } from '@angular/core';
import type { ConversationView } from '@assistants/common';
import { firstValueFrom } from 'rxjs';
import { ChatApiService } from './chat-api.service';

/**
 * The conversations listed beside the chat: one assistant's, active or archived, and only those
 * with the chosen tag while a tag filter is on. One per chat page.
 */
@Injectable()
export class ConversationsStore {
  private readonly api = inject(ChatApiService);
  readonly conversations = signal<ConversationView[]>([]);
  /** Only conversations with this tag are listed; null lists them all. */
  readonly tagFilter = signal<string | null>(null);
  /** The tags of the conversations seen without a filter (and those saved since): what the filter offers. */
  private readonly seenTags = signal<ReadonlySet<string>>(new Set());
  readonly tagsInUse = computed(() => {
    const tags = new Set(this.seenTags());
    for (const conversation of this.conversations()) for (const tag of conversation.tags) tags.add(tag);
    const filter = this.tagFilter();
    if (filter) tags.add(filter);
    return [...tags].sort((a, b) => a.localeCompare(b));
  });
  /** Which list is on screen: an answer to an older request (another assistant, tab or tag) is dropped. */
  private loadVersion = 0;

  /** Reads the list again (throws what the server said; the page shows it). */
  async load(assistantId: string, archived: boolean): Promise<void> {
    const version = ++this.loadVersion;
    const tag = this.tagFilter();
    const list = await firstValueFrom(this.api.conversations(assistantId, archived ? 'archived' : 'active', tag));
    if (version !== this.loadVersion) return;
    // Another assistant or tab without a filter: its tags are the ones to offer.
    if (!tag) this.seenTags.set(new Set(list.flatMap((c) => c.tags)));
    this.conversations.set(list);
  }

  /** Saves a conversation's tags; it leaves the list when the filter's tag is no longer among them. */
  async setTags(conversation: ConversationView, tags: string[]): Promise<ConversationView> {
    const updated = await firstValueFrom(this.api.setTags(conversation.id, tags));
    this.seenTags.update((seen) => new Set([...seen, ...updated.tags]));
    const filter = this.tagFilter();
    this.conversations.update((list) =>
      filter && !updated.tags.includes(filter) ? list.filter((c) => c.id !== updated.id) : list.map((c) => (c.id === updated.id ? updated : c)),
    );
    return updated;
  }

  /** A conversation just made, at the top: it is the one open, so it shows even under a tag filter until the list is read again. */
  add(conversation: ConversationView): void {
    this.conversations.update((list) => [conversation, ...list]);
  }

  /** A conversation renamed (or otherwise changed here): its new state in the list. */
  replace(updated: ConversationView): void {
    this.conversations.update((list) => list.map((c) => (c.id === updated.id ? updated : c)));
  }

  remove(conversationId: string): void {
    this.conversations.update((list) => list.filter((c) => c.id !== conversationId));
  }
}
