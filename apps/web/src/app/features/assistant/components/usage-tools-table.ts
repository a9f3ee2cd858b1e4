import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { UsageToolView } from '@assistants/common';
import { TranslatePipe } from '@ngx-translate/core';
import { duration } from './usage-duration';

/** The tools an assistant called over the report's range, as the server sorted them (most called first). */
@Component({
  selector: 'app-usage-tools-table',
  imports: [TranslatePipe],
  template: `
    <table>
      <caption>
        {{ 'assistantPage.usage.tools.title' | translate }}
        <span class="muted">{{ 'assistantPage.usage.tools.count' | translate: { n: tools().length } }}</span>
      </caption>
      <thead>
        <tr>
          <th scope="col">{{ 'assistantPage.usage.tools.tool' | translate }}</th>
          <th scope="col">{{ 'assistantPage.usage.tools.calls' | translate }}</th>
          <th scope="col">{{ 'assistantPage.usage.tools.failed' | translate }}</th>
          <th scope="col">{{ 'assistantPage.usage.tools.rejected' | translate }}</th>
          <th scope="col">{{ 'assistantPage.usage.p50' | translate }}</th>
          <th scope="col">{{ 'assistantPage.usage.p95' | translate }}</th>
        </tr>
      </thead>
      <tbody>
        @for (tool of tools(); track tool.server + '/' + tool.name) {
          <tr>
            <th scope="row"><code>{{ tool.server }}/{{ tool.name }}</code></th>
            <td>{{ tool.calls }}</td>
            <td [class.bad]="tool.failed > 0">{{ tool.failed }}</td>
            <td>{{ tool.rejected }}</td>
            <td>@if (duration(tool.p50Ms); as d) { {{ 'assistantPage.usage.' + d.unit | translate: { n: d.n } }} } @else { — }</td>
            <td>@if (duration(tool.p95Ms); as d) { {{ 'assistantPage.usage.' + d.unit | translate: { n: d.n } }} } @else { — }</td>
          </tr>
        }
      </tbody>
    </table>
  `,
  styles: `
    :host { display: block; overflow-x: auto; background: var(--surface); border: 1px solid var(--border); border-radius: 10px; padding: .6rem; }
    table { width: 100%; border-collapse: collapse; font-size: .85rem; }
    caption { text-align: left; color: var(--muted); margin-bottom: .35rem; }
    caption .muted { margin-left: .35rem; }
    th, td { padding: .3rem .5rem; border-bottom: 1px solid var(--border); text-align: right; white-space: nowrap; }
    th[scope=row], th:first-child { text-align: left; font-weight: normal; }
    thead th { color: var(--muted); font-weight: 600; }
    tbody tr:last-child > * { border-bottom: none; }
    .bad { color: var(--danger); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UsageToolsTable {
  readonly tools = input.required<UsageToolView[]>();
  protected readonly duration = duration;
}
