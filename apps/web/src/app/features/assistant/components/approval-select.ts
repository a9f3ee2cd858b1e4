import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import type { ToolApproval } from '@assistants/common';
import { TranslatePipe } from '@ngx-translate/core';
import type { ApprovalChoice } from '../services/tool-links';

const LABELS: Record<ToolApproval, string> = { always: 'assistantPage.tools.approvalAlways', never: 'assistantPage.tools.approvalNever' };

/** Whether a linked tool asks before each call: the default (named, as it would apply), or a choice. */
@Component({
  selector: 'app-approval-select',
  imports: [TranslatePipe],
  template: `
    <select [attr.aria-label]="'assistantPage.tools.approvalFor' | translate: { name: name() }" [disabled]="disabled()" (change)="changed.emit($any($event.target).value)">
      <option value="default" [selected]="choice() === 'default'">{{ 'assistantPage.tools.approvalDefault' | translate: { choice: (defaultLabel() | translate) } }}</option>
      <option value="always" [selected]="choice() === 'always'">{{ 'assistantPage.tools.approvalAlways' | translate }}</option>
      <option value="never" [selected]="choice() === 'never'">{{ 'assistantPage.tools.approvalNever' | translate }}</option>
    </select>
  `,
  styles: `
    :host { display: block; max-width: 100%; }
    select { width: auto; max-width: 100%; padding: .2rem .4rem; font-size: .82rem; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ApprovalSelect {
  /** The tool's name, for the label screen readers hear. */
  readonly name = input.required<string>();
  readonly choice = input.required<ApprovalChoice>();
  readonly defaultApproval = input.required<ToolApproval>();
  readonly disabled = input(false);
  readonly changed = output<ApprovalChoice>();
  protected readonly defaultLabel = computed(() => LABELS[this.defaultApproval()]);
}
