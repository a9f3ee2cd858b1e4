import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import type { ApiKeyView, CreatedApiKeyView } from '@assistants/common';
import { TranslatePipe } from '@ngx-translate/core';
import { firstValueFrom } from 'rxjs';
import { errorMessage } from '../../../core/api/api-error';
import { ApiKeyForm } from '../components/api-key-form';
import { KeySecret } from '../components/key-secret';
import { ApiKeysService } from '../services/api-keys.service';

/** The caller's API keys: list, create (the secret shown once), revoke after a second click. */
@Component({
  selector: 'app-api-keys-page',
  imports: [DatePipe, TranslatePipe, ApiKeyForm, KeySecret],
  templateUrl: './api-keys.page.html',
  styleUrl: './api-keys.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ApiKeysPage {
  private readonly api = inject(ApiKeysService);
  protected readonly keys = signal<ApiKeyView[]>([]);
  protected readonly loading = signal(true);
  protected readonly error = signal<string | null>(null);
  protected readonly creating = signal(false);
  protected readonly created = signal<CreatedApiKeyView | null>(null);
  /** The key whose "Revoke" was clicked once: a second click revokes it. */
  protected readonly confirming = signal<string | null>(null);
  protected readonly revoking = signal<string | null>(null);

  constructor() {
    void this.load();
  }

  protected async load(): Promise<void> {
    this.loading.set(true);
    this.error.set(null);
    try {
      this.keys.set(await firstValueFrom(this.api.list()));
    } catch (error) {
      this.error.set(errorMessage(error));
    } finally {
      this.loading.set(false);
    }
  }

  protected onCreated(key: CreatedApiKeyView): void {
    this.creating.set(false);
    this.created.set(key);
    const { key: _secret, ...listed } = key;
    this.keys.update((list) => [listed, ...list]);
  }

  protected async revoke(key: ApiKeyView): Promise<void> {
    if (this.confirming() !== key.id) {
      this.confirming.set(key.id);
      return;
    }
    this.revoking.set(key.id);
    this.error.set(null);
    try {
      await firstValueFrom(this.api.revoke(key.id));
      this.keys.update((list) => list.filter((k) => k.id !== key.id));
      if (this.created()?.id === key.id) this.created.set(null);
    } catch (error) {
      this.error.set(errorMessage(error));
    } finally {
      this.revoking.set(null);
      this.confirming.set(null);
    }
  }

  protected expired(key: ApiKeyView): boolean {
    return key.expiresAt !== null && Date.parse(key.expiresAt) < Date.now();
  }
}
