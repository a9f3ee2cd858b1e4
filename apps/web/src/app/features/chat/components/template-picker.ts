import { ChangeDetectionStrategy, Component, computed, input, model } from '@angular/core';
import type { TemplateView } from '@assistants/common';
import { TranslatePipe } from '@ngx-translate/core';
import type { TemplateSelection } from '../services/chat-api.service';

/** The choice of no template at all, even when the assistant has a default one. */
export const NO_TEMPLATE = 'none';

/** What the person picked for the next message: null means the assistant's default template, NO_TEMPLATE none. */
export interface TemplateChoice {
  templateId: string | null;
  values: Partial<Record<string, string>>;
}

export const DEFAULT_CHOICE: TemplateChoice = { templateId: null, values: {} };

/** The prompt builder fills {{question}} with the message itself, so it is never asked for. */
const FROM_MESSAGE = 'question';

function chosenTemplate(choice: TemplateChoice, templates: readonly TemplateView[], defaultTemplateId: string | null): TemplateView | null {
  if (choice.templateId === NO_TEMPLATE) return null;
  const id = choice.templateId ?? defaultTemplateId;
  return templates.find((t) => t.id === id) ?? null;
}

/** The chosen template's variables still empty (the server refuses a message with any: template.unfilled_variables). */
export function unfilledOf(choice: TemplateChoice, templates: readonly TemplateView[], defaultTemplateId: string | null): string[] {
  const template = chosenTemplate(choice, templates, defaultTemplateId);
  return (template?.variables ?? []).filter((name) => name !== FROM_MESSAGE && !choice.values[name]?.trim());
}

/** The body fields for a choice: the template and the values of its own variables that were filled. */
export function selectionOf(choice: TemplateChoice, templates: readonly TemplateView[], defaultTemplateId: string | null): TemplateSelection {
  if (choice.templateId === NO_TEMPLATE) return { templateId: null };
  const template = chosenTemplate(choice, templates, defaultTemplateId);
  if (!template) return {};
  const variables = Object.fromEntries(
    template.variables.flatMap((name) => {
      const value = choice.values[name]?.trim();
      return name !== FROM_MESSAGE && value ? [[name, value]] : [];
    }),
  );
  return { templateId: template.id, ...(Object.keys(variables).length ? { variables } : {}) };
}

/** Above the question box: one of the assistant's linked templates for the next message, and its variables. */
@Component({
  selector: 'app-template-picker',
  imports: [TranslatePipe],
  template: `
    <label for="tp-template">{{ 'chat.templatePicker.label' | translate }}</label>
    <select id="tp-template" [value]="selectedId()" (change)="choose($any($event.target).value)">
      <option [value]="none" [selected]="selectedId() === none">{{ 'settings.picker.none' | translate }}</option>
      @for (template of templates(); track template.id) {
        <option [value]="template.id" [selected]="template.id === selectedId()">
          {{ template.id === defaultTemplateId() ? ('chat.templatePicker.default' | translate: { name: template.name }) : template.name }}
        </option>
      }
    </select>
    @for (variable of variables(); track variable) {
      <input class="var" [value]="choice().values[variable] ?? ''" [placeholder]="variable"
             [attr.aria-label]="'chat.templatePicker.value' | translate: { name: variable }" (input)="setValue(variable, $any($event.target).value)" />
    }
    @if (usesQuestion()) { <span class="muted hint">{{ 'chat.templatePicker.fromMessage' | translate }}</span> }
    @if (unfilled().length) {
      <p class="unfilled" role="status">{{ 'settings.picker.unfilled' | translate: { count: unfilled().length, names: unfilled().join(', ') } }}</p>
    }
  `,
  styles: `
    :host { display: flex; flex-wrap: wrap; align-items: center; gap: .4rem; padding: .5rem .75rem 0; background: var(--surface); border-top: 1px solid var(--border); }
    label { margin: 0; font-size: .85rem; }
    select { width: auto; max-width: 100%; padding: .3rem .4rem; font-size: .9rem; }
    .var { width: auto; flex: 1 1 130px; min-width: 0; padding: .3rem .5rem; font-size: .9rem; }
    .hint { font-size: .8rem; }
    .unfilled { flex-basis: 100%; margin: 0; font-size: .85rem; color: var(--danger); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TemplatePicker {
  readonly templates = input.required<readonly TemplateView[]>();
  readonly defaultTemplateId = input<string | null>(null);
  readonly choice = model<TemplateChoice>(DEFAULT_CHOICE);

  protected readonly none = NO_TEMPLATE;
  protected readonly selectedId = computed(() => this.choice().templateId ?? this.defaultTemplateId() ?? NO_TEMPLATE);
  protected readonly unfilled = computed(() => unfilledOf(this.choice(), this.templates(), this.defaultTemplateId()));
  private readonly chosen = computed(() => chosenTemplate(this.choice(), this.templates(), this.defaultTemplateId()));
  protected readonly variables = computed(() => (this.chosen()?.variables ?? []).filter((name) => name !== FROM_MESSAGE));
  protected readonly usesQuestion = computed(() => !!this.chosen()?.variables.includes(FROM_MESSAGE));

  /** Values typed so far stay, so switching back and forth loses nothing. */
  protected choose(templateId: string): void {
    this.choice.update((choice) => ({ ...choice, templateId: templateId === this.defaultTemplateId() ? null : templateId }));
  }

  protected setValue(variable: string, value: string): void {
    this.choice.update((choice) => ({ ...choice, values: { ...choice.values, [variable]: value } }));
  }
}
