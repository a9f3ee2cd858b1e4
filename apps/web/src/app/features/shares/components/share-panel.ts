import { ChangeDetectionStrategy, Component, effect, inject, input, signal } from '@angular/core';
import type { ConversationShareView, ShareAudience } from '@assistants/common';
import { SHARE_AUDIENCES } from '@assistants/common';
import { TranslatePipe } from '@ngx-translate/core';
import { firstValueFrom } from 'rxjs';
import { errorMessage } from '../../../core/api/api-error';
import { LanguageService } from '../../../core/i18n/language.service';
import { SharesApiService } from '../services/shares-api.service';

/** The chat's "Share" action: make a read-only link (signed-in colleagues or anyone), copy it once, list and revoke links. */
@Component({
  selector: 'app-share-panel',
  imports: [TranslatePipe],
  templateUrl: './share-panel.html',
  styleUrl: './share-panel.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SharePanel {
  readonly conversationId = input.required<string>();
  private readonly api = inject(SharesApiService);
  private readonly language = inject(LanguageService);
  protected readonly audiences = SHARE_AUDIENCES;
  protected readonly open = signal(false);
  protected readonly audience = signal<ShareAudience>('signed_in');
  protected readonly links = signal<ConversationShareView[]>([]);
  /** The full URL of the link just made: its token is shown this once. */
  protected readonly createdUrl = signal<string | null>(null);
  protected readonly copied = signal(false);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);

  constructor() {
    // Another conversation: close, forget the link shown.
    effect(() => {
      this.conversationId();
      this.open.set(false);
      this.createdUrl.set(null);
      this.links.set([]);
    });
  }

  /** When a link was made, in the interface language (the date pipe would say it the American way). */
  protected madeAt(at: string): string {
    return new Date(at).toLocaleString(this.language.current(), { dateStyle: 'short', timeStyle: 'short' });
  }

  protected async toggle(): Promise<void> {
    this.open.update((open) => !open);
    this.createdUrl.set(null);
    if (this.open()) await this.run(async () => this.links.set(await firstValueFrom(this.api.list(this.conversationId()))));
  }

  protected async create(): Promise<void> {
    await this.run(async () => {
      const made = await firstValueFrom(this.api.create(this.conversationId(), this.audience()));
      this.createdUrl.set(new URL(made.url, location.origin).toString());
      this.copied.set(false);
      this.links.update((links) => [...links, { id: made.id, audience: made.audience, createdAt: made.createdAt }]);
    });
  }

  protected async copy(): Promise<void> {
    const url = this.createdUrl();
    if (!url) return;
    await navigator.clipboard?.writeText(url).catch(() => undefined);
    this.copied.set(true);
  }

  protected async revoke(link: ConversationShareView): Promise<void> {
    await this.run(async () => {
      await firstValueFrom(this.api.revoke(this.conversationId(), link.id));
      this.links.update((links) => links.filter((l) => l.id !== link.id));
    });
  }

  private async run(work: () => Promise<void>): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      await work();
    } catch (error) {
      this.error.set(errorMessage(error));
    } finally {
      this.busy.set(false);
    }
  }
}
