import { ChangeDetectionStrategy, Component, input, model } from '@angular/core';
import { TranslatePipe } from '@ngx-translate/core';

export interface KeyValueRow {
  name: string;
  value: string;
}

let nextId = 0;

/** Name/value rows (a server's headers, a command's environment): add, edit, remove; values typed as secrets. */
@Component({
  selector: 'app-key-value-rows',
  imports: [TranslatePipe],
  template: `
    <fieldset>
      <legend>{{ legend() | translate }}</legend>
      @for (row of rows(); track $index; let i = $index) {
        <div class="row">
          <label class="visually-hidden" [for]="id + '-n' + i">{{ nameLabel() | translate }} {{ i + 1 }}</label>
          <input
            [id]="id + '-n' + i"
            autocomplete="off"
            spellcheck="false"
            [placeholder]="nameLabel() | translate"
            [value]="row.name"
            (input)="set(i, 'name', $any($event.target).value)"
          />
          <label class="visually-hidden" [for]="id + '-v' + i">{{ valueLabel() | translate }} {{ i + 1 }}</label>
          <input
            [id]="id + '-v' + i"
            type="password"
            autocomplete="new-password"
            [placeholder]="valueLabel() | translate"
            [value]="row.value"
            (input)="set(i, 'value', $any($event.target).value)"
          />
          <button type="button" class="link danger" [attr.aria-label]="removeLabel() | translate: { n: i + 1 }" (click)="remove(i)">✕</button>
        </div>
      }
      <button type="button" class="link" (click)="add()">+ {{ addLabel() | translate }}</button>
    </fieldset>
  `,
  styles: `
    fieldset { border: 1px solid var(--border); border-radius: 8px; padding: .4rem .6rem .5rem; margin: .4rem 0 0; min-width: 0; }
    legend { font-size: .9rem; color: var(--muted); padding: 0 .25rem; }
    .row { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr) auto; gap: .4rem; margin-bottom: .35rem; align-items: center; }
    .danger { color: var(--danger); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class KeyValueRows {
  readonly rows = model<KeyValueRow[]>([]);
  /** Translation keys. */
  readonly legend = input.required<string>();
  readonly nameLabel = input.required<string>();
  readonly valueLabel = input.required<string>();
  readonly addLabel = input.required<string>();
  /** With {{n}}: the row's number. */
  readonly removeLabel = input.required<string>();
  protected readonly id = `kv-${++nextId}`;

  protected set(index: number, field: keyof KeyValueRow, value: string): void {
    this.rows.update((rows) => rows.map((row, i) => (i === index ? { ...row, [field]: value } : row)));
  }

  protected add(): void {
    this.rows.update((rows) => [...rows, { name: '', value: '' }]);
  }

  protected remove(index: number): void {
    this.rows.update((rows) => rows.filter((_, i) => i !== index));
  }
}

/** Rows with a name, as the API takes them; a later row of the same name wins. */
export function recordOf(rows: readonly KeyValueRow[]): Record<string, string> {
  return Object.fromEntries(rows.filter((row) => row.name.trim()).map((row) => [row.name.trim(), row.value]));
}
