import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { TranslatePipe } from '@ngx-translate/core';
import { ApiError } from '../../core/api/api-error';

/** Why a page cannot show its assistant: it is private to someone else, or there is no such assistant. */
export type AccessProblem = 'denied' | 'notFound';

/** The access problem an API error stands for (401/403 denied, 404 not found), or null for any other error. */
export function accessProblemOf(error: unknown): AccessProblem | null {
  if (!(error instanceof ApiError)) return null;
  if (error.status === 403 || error.status === 401) return 'denied';
  return error.status === 404 ? 'notFound' : null;
}

/** A whole page saying plainly that the assistant may not be seen, or does not exist, with a way back. */
@Component({
  selector: 'app-access-problem',
  imports: [RouterLink, TranslatePipe],
  template: `
    <section class="problem" role="alert" [attr.data-testid]="'access-' + kind()">
      <h1>{{ (kind() === 'denied' ? 'settings.access.deniedTitle' : 'settings.access.notFoundTitle') | translate }}</h1>
      <p>{{ (kind() === 'denied' ? 'settings.access.denied' : 'settings.access.notFound') | translate }}</p>
      <a routerLink="/" class="button primary">{{ 'settings.access.back' | translate }}</a>
    </section>
  `,
  styles: `
    :host { display: flex; justify-content: center; padding: 3rem 1rem; }
    .problem { max-width: 32rem; text-align: center; display: flex; flex-direction: column; gap: .75rem; align-items: center; }
    h1 { margin: 0; font-size: 1.4rem; }
    p { margin: 0; color: var(--muted); }
    a.button { background: var(--accent); color: var(--accent-text); border-radius: 6px; padding: .45rem .9rem; text-decoration: none; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AccessProblemPage {
  readonly kind = input.required<AccessProblem>();
}
