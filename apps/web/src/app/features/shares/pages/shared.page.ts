import { ChangeDetectionStrategy, Component, computed, inject, input, signal, effect } from '@angular/core';
import { DomSanitizer, type SafeHtml } from '@angular/platform-browser';
import { Router, RouterLink } from '@angular/router';
import type { SharedConversationView, SharedMessageView } from '@assistants/common';
import { TranslatePipe, TranslateService } from '@ngx-translate/core';
import { ConversationTitlePipe } from '../../../shared/conversations/conversation-title.pipe';
import { firstValueFrom } from 'rxjs';
import { ApiError, errorMessage } from '../../../core/api/api-error';
import { AuthService } from '../../../core/auth/auth.service';
import { MarkdownService } from '../../../shared/markdown/markdown.service';
import { SharesApiService } from '../services/shares-api.service';

interface SharedItem {
  message: SharedMessageView;
  /** An answer's Markdown as sanitised HTML; null for a question (plain text). */
  html: SafeHtml | null;
}

/**
 * A conversation opened through a share link: read-only, no composer. Outside the signed-in shell,
 * so 'anyone' links open without an account; a 'signed_in' link sends to the sign-in page, which
 * comes back here.
 */
@Component({
  selector: 'app-shared-page',
  imports: [TranslatePipe, RouterLink, ConversationTitlePipe],
  templateUrl: './shared.page.html',
  styleUrl: './shared.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SharedPage {
  /** The route's :token. */
  readonly token = input.required<string>();
  private readonly api = inject(SharesApiService);
  private readonly router = inject(Router);
  private readonly markdown = inject(MarkdownService);
  private readonly sanitizer = inject(DomSanitizer);
  private readonly translate = inject(TranslateService);
  private readonly auth = inject(AuthService);

  protected readonly state = signal<'loading' | 'ready' | 'missing' | 'error'>('loading');
  protected readonly conversation = signal<SharedConversationView | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly items = computed<SharedItem[]>(() =>
    (this.conversation()?.messages ?? []).map((message) => ({
      message,
      html:
        message.role === 'assistant'
          ? this.sanitizer.bypassSecurityTrustHtml(this.markdown.render(message.content, this.translate.instant('shares.copy') as string))
          : null,
    })),
  );

  constructor() {
    effect(() => void this.load(this.token()));
  }

  private async load(token: string): Promise<void> {
    this.state.set('loading');
    try {
      this.conversation.set(await firstValueFrom(this.api.open(token)));
      this.state.set('ready');
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        // A session that ended is forgotten, as elsewhere; then sign in and come back.
        this.auth.signOut();
        await this.router.navigate(['/sign-in'], { queryParams: { returnUrl: `/shared/${token}` } });
      } else if (error instanceof ApiError && error.status === 404) {
        this.state.set('missing');
      } else {
        this.error.set(errorMessage(error));
        this.state.set('error');
      }
    }
  }
}
