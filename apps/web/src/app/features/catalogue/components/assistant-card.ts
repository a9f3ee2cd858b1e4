import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import type { AssistantView } from '@assistants/common';
import { TranslatePipe } from '@ngx-translate/core';

/** One assistant in the catalogue; the whole card opens its chat. */
@Component({
  selector: 'app-assistant-card',
  imports: [TranslatePipe],
  template: `
    <button type="button" class="card" (click)="opened.emit(assistant())">
      <span class="head">
        <strong class="name">{{ assistant().name }}</strong>
        <span class="badge" [class.public]="assistant().isPublic">{{ (assistant().isPublic ? 'catalogue.public' : 'catalogue.private') | translate }}</span>
      </span>
      <span class="type">{{ 'types.' + assistant().assistantType | translate }}</span>
      <span class="description">{{ assistant().description }}</span>
      <span class="stats" [attr.title]="'settings.stats.hint' | translate" data-testid="stats">
        <span>{{ 'catalogue.conversationCount' | translate: { count: stats().conversations } }}</span>
        <span>{{ 'catalogue.messageCount' | translate: { count: stats().messages } }}</span>
        <span>@if (stats().rating; as rating) { ★ {{ rating }} } @else { {{ 'catalogue.noRating' | translate }} }</span>
      </span>
    </button>
  `,
  styles: `
    .card { display: flex; flex-direction: column; gap: .4rem; width: 100%; height: 100%; text-align: left; padding: 1rem; border-radius: 10px; }
    .card:hover { border-color: var(--accent); }
    .head { display: flex; justify-content: space-between; gap: .5rem; align-items: baseline; }
    .name { font-size: 1.05rem; }
    .badge { font-size: .75rem; padding: .1rem .45rem; border-radius: 999px; background: var(--badge-bg); color: var(--muted); white-space: nowrap; }
    .badge.public { background: var(--success-bg); color: var(--success); }
    .type { font-size: .8rem; color: var(--accent); }
    .description { color: var(--muted); font-size: .9rem; flex: 1; overflow-wrap: anywhere; }
    .stats { display: flex; gap: .75rem; font-size: .8rem; color: var(--muted); flex-wrap: wrap; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AssistantCard {
  readonly assistant = input.required<AssistantView>();
  readonly opened = output<AssistantView>();
  protected readonly stats = computed(() => {
    const s = this.assistant().statistics;
    return { conversations: s.totalConversations, messages: s.totalMessages, rating: s.averageRating === null ? null : s.averageRating.toFixed(1) };
  });
}
