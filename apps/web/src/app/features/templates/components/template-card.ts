import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import type { TemplateView } from '@assistants/common';
import { TranslatePipe } from '@ngx-translate/core';

/** One template of the library: type, tags, usage and rating; edit and delete for who may. */
@Component({
  selector: 'app-template-card',
  imports: [TranslatePipe],
  template: `
    <article class="card">
      <header>
        <h3>{{ template().name }}</h3>
        <span class="badge">{{ 'templates.types.' + template().templateType | translate }}</span>
        <span class="badge" [class.public]="template().isPublic">{{ (template().isPublic ? 'templates.public' : 'templates.private') | translate }}</span>
      </header>
      @if (template().description) { <p class="description">{{ template().description }}</p> }
      <p class="text">{{ excerpt() }}</p>
      @if (template().tags.length) {
        <ul class="tags" [attr.aria-label]="'templates.tags' | translate">
          @for (tag of template().tags; track tag) {
            <li><button type="button" class="tag" [class.active]="tag === activeTag()" (click)="tagPicked.emit(tag)">#{{ tag }}</button></li>
          }
        </ul>
      }
      <footer>
        <span class="muted">{{ 'templates.usage' | translate: { count: template().usageCount } }}</span>
        <span class="muted">
          @if (template().averageRating !== null) {
            ★ {{ template().averageRating }} ({{ template().ratingCount }})
          } @else {
            {{ 'templates.noRating' | translate }}
          }
        </span>
        <span class="spacer"></span>
        @if (canEdit()) {
          <button type="button" class="link" (click)="edited.emit(template())">{{ 'templates.edit' | translate }}</button>
          <button type="button" class="link danger" [disabled]="deleting()" (click)="removed.emit(template())">{{ 'templates.delete' | translate }}</button>
        }
      </footer>
    </article>
  `,
  styles: `
    .card { background: var(--surface); border: 1px solid var(--border); border-radius: 10px; padding: .8rem 1rem; display: flex; flex-direction: column; gap: .4rem; height: 100%; }
    header { display: flex; align-items: center; gap: .4rem; flex-wrap: wrap; }
    h3 { margin: 0; font-size: 1.05rem; flex: 1 1 auto; min-width: 0; overflow-wrap: anywhere; }
    .badge { font-size: .75rem; padding: .1rem .45rem; border-radius: 999px; background: var(--bg); border: 1px solid var(--border); color: var(--muted); }
    .badge.public { color: var(--accent); border-color: var(--accent); }
    .description { margin: 0; }
    .text { margin: 0; font-family: ui-monospace, monospace; font-size: .82rem; color: var(--muted); white-space: pre-wrap; overflow-wrap: anywhere; }
    .tags { list-style: none; display: flex; flex-wrap: wrap; gap: .3rem; margin: 0; padding: 0; }
    .tag { font-size: .8rem; padding: .1rem .5rem; border-radius: 999px; color: var(--accent); }
    .tag.active { background: var(--accent); color: var(--accent-text); border-color: var(--accent); }
    footer { display: flex; align-items: center; gap: .6rem; flex-wrap: wrap; font-size: .85rem; margin-top: auto; }
    .spacer { flex: 1; }
    .danger { color: var(--danger); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TemplateCard {
  readonly template = input.required<TemplateView>();
  readonly canEdit = input(false);
  readonly deleting = input(false);
  readonly activeTag = input('');
  readonly edited = output<TemplateView>();
  readonly removed = output<TemplateView>();
  readonly tagPicked = output<string>();

  /** The start of the prompt text, so cards stay a similar size. */
  protected readonly excerpt = computed(() => {
    const text = this.template().promptText;
    return text.length > 160 ? `${text.slice(0, 157)}…` : text;
  });
}
