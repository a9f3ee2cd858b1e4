import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import type { LlmProviderView } from '@assistants/common';
import { TranslatePipe } from '@ngx-translate/core';
import { firstValueFrom } from 'rxjs';
import { errorMessage } from '../../../core/api/api-error';
import { LlmProvidersService } from '../services/llm-providers.service';

interface ProviderDraft {
  /** Null: a new provider. */
  id: string | null;
  name: string;
  baseUrl: string;
  apiKey: string;
}

const STATUSES = ['ok', 'private_address', 'unauthorized', 'http_error', 'bad_response', 'timeout', 'unreachable'];

/** Admins: the built-in provider and those added, their models; add, edit, refresh, remove. */
@Component({
  selector: 'app-llm-providers-panel',
  imports: [FormsModule, TranslatePipe],
  template: `
    <section class="providers" aria-labelledby="providers-title">
      <h2 id="providers-title">{{ 'models.providers.title' | translate }}</h2>
      <p class="hint">{{ 'models.providers.intro' | translate }}</p>
      @if (error(); as message) {
        <p class="error" role="alert">{{ message }}</p>
      }
      @if (providers() === null) {
        <p>{{ 'models.providers.loading' | translate }}</p>
      }
      <ul>
        @for (p of providers() ?? []; track p.id ?? 'builtin') {
          <li class="provider" [attr.data-provider]="p.name">
            <div class="head">
              <strong>{{ p.builtin ? ('models.providers.builtin' | translate) : p.name }}</strong>
              @if (!p.builtin) {
                <span class="meta">{{ p.baseUrl }} · {{ (p.apiKey ? 'models.providers.keyStored' : 'models.providers.noKey') | translate }}</span>
                <span class="actions">
                  <button type="button" [disabled]="busy() === p.id" (click)="refresh(p)">{{ 'models.providers.refresh' | translate }}</button>
                  <button type="button" (click)="edit(p)">{{ 'models.providers.edit' | translate }}</button>
                  <button type="button" class="danger" (click)="confirming.set(p.id)">{{ 'models.providers.remove' | translate }}</button>
                </span>
              }
            </div>
            @if (p.id && confirming() === p.id) {
              <div class="confirm" role="alertdialog" [attr.aria-label]="'models.providers.remove' | translate">
                <p>{{ 'models.providers.confirmRemove' | translate: { name: p.name } }}</p>
                <button type="button" class="danger confirm-remove" (click)="remove(p)">{{ 'models.providers.remove' | translate }}</button>
                <button type="button" (click)="confirming.set(null)">{{ 'models.providers.cancel' | translate }}</button>
              </div>
            }
            <p class="status" [class.failed]="p.status !== 'ok'">{{ statusKey(p.status) | translate }}</p>
            <p class="count">{{ 'models.providers.models' | translate: { n: p.models.length } }}</p>
            @if (p.models.length) {
              <ul class="models">
                @for (m of p.models; track m) {
                  <li>{{ m }}</li>
                }
              </ul>
            }
          </li>
        }
      </ul>
      @if (draft(); as d) {
        <form class="provider-form" (submit)="save($event)">
          <label for="provider-name">{{ 'models.providers.name' | translate }}</label>
          <input id="provider-name" name="name" required [ngModel]="d.name" (ngModelChange)="set('name', $event)" />
          <label for="provider-url">{{ 'models.providers.baseUrl' | translate }}</label>
          <input id="provider-url" name="baseUrl" required placeholder="https://api.openai.com/v1" [ngModel]="d.baseUrl" (ngModelChange)="set('baseUrl', $event)" />
          <label for="provider-key">{{ 'models.providers.apiKey' | translate }}</label>
          <input id="provider-key" name="apiKey" type="password" autocomplete="off" [ngModel]="d.apiKey" (ngModelChange)="set('apiKey', $event)" />
          <small class="hint">{{ 'models.providers.apiKeyHint' | translate }}</small>
          <div class="actions">
            <button type="submit" [disabled]="saving()">{{ (saving() ? 'models.providers.saving' : 'models.providers.save') | translate }}</button>
            <button type="button" (click)="draft.set(null)">{{ 'models.providers.cancel' | translate }}</button>
          </div>
        </form>
      } @else {
        <button type="button" class="add" (click)="add()">{{ 'models.providers.add' | translate }}</button>
      }
    </section>
  `,
  styles: `
    .providers { margin-top: 2rem; }
    ul { list-style: none; padding: 0; }
    .provider { border: 1px solid var(--border, #ddd); border-radius: 6px; padding: 0.75rem; margin-bottom: 0.75rem; }
    .head { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: baseline; }
    .actions { display: flex; gap: 0.5rem; margin-left: auto; }
    .meta, .hint, .count { color: var(--muted, #555); font-size: 0.9em; }
    .status.failed, .error { color: var(--danger, #b00020); }
    .models { display: flex; flex-wrap: wrap; gap: 0.25rem 0.75rem; font-family: monospace; }
    .provider-form { display: grid; gap: 0.35rem; max-width: 32rem; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LlmProvidersPanel {
  private readonly api = inject(LlmProvidersService);
  protected readonly providers = signal<LlmProviderView[] | null>(null);
  protected readonly draft = signal<ProviderDraft | null>(null);
  protected readonly saving = signal(false);
  protected readonly busy = signal<string | null>(null);
  /** The provider whose removal waits for a second click. */
  protected readonly confirming = signal<string | null>(null);
  protected readonly error = signal<string | null>(null);

  constructor() {
    void this.load();
  }

  protected statusKey(status: string): string {
    return `models.providers.status.${STATUSES.includes(status) ? status : 'unreachable'}`;
  }

  protected add(): void {
    this.draft.set({ id: null, name: '', baseUrl: '', apiKey: '' });
  }

  protected edit(p: LlmProviderView): void {
    this.draft.set({ id: p.id, name: p.name, baseUrl: p.baseUrl ?? '', apiKey: p.apiKey ?? '' });
  }

  protected set(key: 'name' | 'baseUrl' | 'apiKey', value: string): void {
    this.draft.update((d) => (d ? { ...d, [key]: value } : d));
  }

  protected async save(event: Event): Promise<void> {
    event.preventDefault();
    const d = this.draft();
    if (!d) return;
    this.saving.set(true);
    this.error.set(null);
    try {
      const body = { name: d.name, baseUrl: d.baseUrl, apiKey: d.apiKey };
      await firstValueFrom(d.id ? this.api.update(d.id, body) : this.api.create(body));
      this.draft.set(null);
      await this.load();
    } catch (error) {
      this.error.set(errorMessage(error));
    } finally {
      this.saving.set(false);
    }
  }

  protected async refresh(p: LlmProviderView): Promise<void> {
    await this.act(p, () => firstValueFrom(this.api.refresh(p.id!)));
  }

  protected async remove(p: LlmProviderView): Promise<void> {
    this.confirming.set(null);
    await this.act(p, () => firstValueFrom(this.api.remove(p.id!)));
  }

  private async act(p: LlmProviderView, work: () => Promise<unknown>): Promise<void> {
    this.busy.set(p.id);
    this.error.set(null);
    try {
      await work();
      await this.load();
    } catch (error) {
      this.error.set(errorMessage(error));
    } finally {
      this.busy.set(null);
    }
  }

  private async load(): Promise<void> {
    try {
      this.providers.set(await firstValueFrom(this.api.list()));
    } catch (error) {
      this.error.set(errorMessage(error));
      this.providers.set([]);
    }
  }
}
