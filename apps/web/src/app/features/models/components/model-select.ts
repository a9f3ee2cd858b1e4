import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import type { AvailableModelView } from '@assistants/common';
import { TranslatePipe } from '@ngx-translate/core';
import { modelOptionValue, parseModelOption } from '../services/llm-providers.service';

interface ModelGroup {
  label: string;
  builtin: boolean;
  options: { value: string; model: string; unlisted: boolean }[];
}

/** A select of provider and model, grouped by provider; the current model stays selectable when no longer listed. */
@Component({
  selector: 'app-model-select',
  imports: [TranslatePipe],
  template: `
    <select [id]="selectId()" [attr.aria-label]="ariaLabel() || null" [disabled]="disabled()" (change)="pick($any($event.target).value)">
      @for (group of groups(); track group.label) {
        <optgroup [label]="group.builtin ? ('models.select.builtin' | translate) : group.label">
          @for (option of group.options; track option.value) {
            <option [value]="option.value" [selected]="option.value === selected()">
              {{ option.unlisted ? ('models.select.current' | translate: { model: option.model }) : option.model }}
            </option>
          }
        </optgroup>
      }
    </select>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ModelSelect {
  readonly models = input.required<AvailableModelView[]>();
  readonly providerId = input<string | null>(null);
  readonly model = input.required<string>();
  /** The name of the current provider, for a model that is no longer listed. */
  readonly providerName = input<string>('');
  readonly selectId = input<string>('model-select');
  readonly ariaLabel = input<string>('');
  readonly disabled = input(false);
  readonly changed = output<{ providerId: string | null; model: string }>();

  protected readonly selected = computed(() => modelOptionValue(this.providerId(), this.model()));

  protected readonly groups = computed((): ModelGroup[] => {
    const groups = new Map<string, ModelGroup>();
    const groupOf = (providerId: string | null, provider: string) => {
      const key = providerId ?? '';
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { label: provider, builtin: providerId === null, options: [] }));
      return group;
    };
    for (const m of this.models())
      groupOf(m.providerId, m.provider).options.push({ value: modelOptionValue(m.providerId, m.model), model: m.model, unlisted: false });
    const current = this.selected();
    if (![...groups.values()].some((g) => g.options.some((o) => o.value === current))) {
      groupOf(this.providerId(), this.providerName()).options.unshift({ value: current, model: this.model(), unlisted: true });
    }
    return [...groups.values()];
  });

  protected pick(value: string): void {
    this.changed.emit(parseModelOption(value));
  }
}
