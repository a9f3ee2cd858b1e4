import { ChangeDetectionStrategy, Component, input, output, signal } from '@angular/core';
import type { CreatedApiKeyView } from '@assistants/common';
import { TranslatePipe } from '@ngx-translate/core';

/** A new key's secret, shown this once: a warning, the key, and a copy button. */
@Component({
  selector: 'app-key-secret',
  imports: [TranslatePipe],
  template: `
    <section class="secret" role="region" [attr.aria-label]="'apiKeys.secretTitle' | translate">
      <h3>{{ 'apiKeys.secretTitle' | translate }}: {{ created().name }}</h3>
      <p class="warning" role="alert">{{ 'apiKeys.secretWarning' | translate }}</p>
      <div class="value">
        <code data-testid="api-key-secret">{{ created().key }}</code>
        <button type="button" class="primary" (click)="copy()">{{ (copied() ? 'apiKeys.copied' : 'apiKeys.copy') | translate }}</button>
      </div>
      @if (copyFailed()) { <p class="error">{{ 'apiKeys.copyFailed' | translate }}</p> }
      <div class="actions"><button type="button" (click)="done.emit()">{{ 'apiKeys.done' | translate }}</button></div>
    </section>
  `,
  styles: `
    .secret { background: var(--warning-bg); border: 1px solid var(--warning-border); border-radius: 10px; padding: 1rem; margin-bottom: 1rem; }
    h3 { margin: 0 0 .5rem; font-size: 1rem; overflow-wrap: anywhere; }
    .warning { color: var(--warning); margin: 0 0 .5rem; }
    .value { display: flex; gap: .5rem; align-items: center; flex-wrap: wrap; }
    code { flex: 1 1 220px; min-width: 0; overflow-wrap: anywhere; word-break: break-all; background: var(--surface); border: 1px solid var(--border); border-radius: 6px; padding: .45rem .6rem; font-size: .9rem; user-select: all; }
    .actions { display: flex; justify-content: flex-end; margin-top: .5rem; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class KeySecret {
  readonly created = input.required<CreatedApiKeyView>();
  /** The person has seen it; the secret is then gone from the page for good. */
  readonly done = output<void>();
  protected readonly copied = signal(false);
  protected readonly copyFailed = signal(false);

  protected async copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.created().key);
      this.copied.set(true);
      this.copyFailed.set(false);
    } catch {
      // No clipboard (plain http, or refused): the key is selectable, so say to copy it by hand.
      this.copyFailed.set(true);
    }
  }
}
