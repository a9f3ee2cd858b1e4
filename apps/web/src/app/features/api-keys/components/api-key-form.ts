import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { API_SCOPES, type ApiScope, type CreatedApiKeyView, DEFAULT_API_SCOPES } from '@assistants/common';
import { TranslatePipe } from '@ngx-translate/core';
import { firstValueFrom } from 'rxjs';
import { FormProblems } from '../../../shared/forms/field-errors';
import { ApiKeysService } from '../services/api-keys.service';

/** Days a new key lives; 0 is "never expires". */
const EXPIRY_CHOICES = [0, 7, 30, 90, 365] as const;

/** Name, scopes and expiry of a new API key: the caller's own, or a service account's when `userId` is set. */
@Component({
  selector: 'app-api-key-form',
  imports: [FormsModule, TranslatePipe],
  template: `
    <form class="panel" (ngSubmit)="submit()">
      <div class="row">
        <div class="field">
          <label for="key-name-{{ idSuffix() }}">{{ 'apiKeys.name' | translate }}</label>
          <input id="key-name-{{ idSuffix() }}" name="name" [(ngModel)]="name" (ngModelChange)="problems.edited('name')" required maxlength="100"
            [attr.aria-invalid]="!!problems.fields()['name']" />
          @if (problems.fields()['name']; as message) { <p class="error" role="alert">{{ message }}</p> }
        </div>
        <div class="field narrow">
          <label for="key-expiry-{{ idSuffix() }}">{{ 'apiKeys.expiry' | translate }}</label>
          <select id="key-expiry-{{ idSuffix() }}" name="expiry" [(ngModel)]="expiry" (ngModelChange)="problems.edited('expiresInDays')">
            @for (days of expiryChoices; track days) {
              <option [ngValue]="days">{{ (days ? 'apiKeys.days' : 'apiKeys.never') | translate: { n: days } }}</option>
            }
          </select>
          @if (problems.fields()['expiresInDays']; as message) { <p class="error" role="alert">{{ message }}</p> }
        </div>
      </div>
      <fieldset>
        <legend>{{ 'apiKeys.scopes' | translate }}</legend>
        @for (scope of scopes; track scope) {
          <label class="check">
            <input type="checkbox" [checked]="chosen().includes(scope)" (change)="toggle(scope, $any($event.target).checked)" />
            <span><b>{{ scope }}</b> — {{ 'apiKeys.scope.' + scope | translate }}</span>
          </label>
        }
        @if (problems.fields()['scopes']; as message) { <p class="error" role="alert">{{ message }}</p> }
      </fieldset>
      @if (problems.general(); as message) { <p class="error" role="alert">{{ message }}</p> }
      <div class="actions">
        <button type="button" (click)="cancelled.emit()">{{ 'apiKeys.cancel' | translate }}</button>
        <button type="submit" class="primary" [disabled]="busy() || !name.trim() || !chosen().length">
          {{ (busy() ? 'apiKeys.creating' : 'apiKeys.create') | translate }}
        </button>
      </div>
    </form>
  `,
  styles: `
    .panel { background: var(--surface); border: 1px solid var(--border); border-radius: 10px; padding: 1rem; margin-bottom: 1rem; display: flex; flex-direction: column; gap: .5rem; }
    .row { display: flex; gap: .75rem; flex-wrap: wrap; }
    .field { flex: 1 1 200px; min-width: 0; } .field.narrow { flex: 0 1 180px; }
    fieldset { border: 1px solid var(--border); border-radius: 6px; padding: .4rem .75rem; margin: 0; min-width: 0; }
    legend { font-size: .9rem; color: var(--muted); }
    .check { display: flex; gap: .5rem; align-items: baseline; color: var(--text); margin: .2rem 0; }
    .check input { width: auto; }
    .actions { display: flex; justify-content: flex-end; gap: .5rem; flex-wrap: wrap; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ApiKeyForm {
  private readonly keys = inject(ApiKeysService);
  /** A service account's id: the key is made for it (administrators only). */
  readonly userId = input<string | undefined>(undefined);
  readonly created = output<CreatedApiKeyView>();
  readonly cancelled = output<void>();

  protected readonly scopes = API_SCOPES;
  protected readonly expiryChoices = EXPIRY_CHOICES;
  protected readonly chosen = signal<ApiScope[]>([...DEFAULT_API_SCOPES]);
  protected readonly busy = signal(false);
  /** The server's reasons under their fields (expiresInDays is the expiry's); the rest as one line. */
  protected readonly problems = new FormProblems(['name', 'expiresInDays', 'scopes']);
  protected name = '';
  protected expiry: number = 90;

  protected idSuffix(): string {
    return this.userId() ?? 'own';
  }

  protected toggle(scope: ApiScope, on: boolean): void {
    this.chosen.update((list) => (on ? [...new Set([...list, scope])] : list.filter((s) => s !== scope)));
    this.problems.edited('scopes');
  }

  protected async submit(): Promise<void> {
    if (!this.name.trim() || !this.chosen().length) return;
    this.busy.set(true);
    this.problems.clear();
    try {
      const key = { name: this.name.trim(), scopes: this.chosen(), ...(this.expiry ? { expiresInDays: this.expiry } : {}) };
      this.created.emit(await firstValueFrom(this.keys.create(key, this.userId())));
    } catch (error) {
      this.problems.show(error);
    } finally {
      this.busy.set(false);
    }
  }
}
