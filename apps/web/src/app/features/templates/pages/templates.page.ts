import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import type { TemplateView } from '@assistants/common';
import { TranslatePipe, TranslateService } from '@ngx-translate/core';
import { catchError, debounceTime, firstValueFrom, map, of, startWith, switchMap } from 'rxjs';
import { errorMessage } from '../../../core/api/api-error';
import { AuthService } from '../../../core/auth/auth.service';
import { TemplateCard } from '../components/template-card';
import { TemplateEditor } from '../components/template-editor';
import { TEMPLATE_TYPES, TemplatesService, type TemplateQuery } from '../services/templates.service';

type ListState = { kind: 'loading' } | { kind: 'ready'; items: TemplateView[] } | { kind: 'error'; message: string };

/** The templates library: search, type and tag filters, create, edit and delete. */
@Component({
  selector: 'app-templates-page',
  imports: [TranslatePipe, TemplateCard, TemplateEditor],
  templateUrl: './templates.page.html',
  styleUrl: './templates.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TemplatesPage {
  private readonly templates = inject(TemplatesService);
  private readonly translate = inject(TranslateService);
  private readonly user = inject(AuthService).user;
  protected readonly types = TEMPLATE_TYPES;
  protected readonly query = signal<TemplateQuery>({ search: '', type: '', tag: '' });
  /** Bumped after a save or delete so the list is fetched again. */
  private readonly version = signal(0);
  /** The template open in the editor; 'new' for a new one. */
  protected readonly editing = signal<TemplateView | 'new' | null>(null);
  protected readonly deletingId = signal<string | null>(null);
  protected readonly actionError = signal<string | null>(null);

  protected readonly state = toSignal(
    toObservable(computed(() => ({ query: this.query(), version: this.version() }))).pipe(
      debounceTime(250),
      switchMap(({ query }) =>
        this.templates.list(query).pipe(
          map((page): ListState => ({ kind: 'ready', items: page.items })),
          catchError((error: unknown) => of<ListState>({ kind: 'error', message: errorMessage(error) })),
          startWith<ListState>({ kind: 'loading' }),
        ),
      ),
    ),
    { initialValue: { kind: 'loading' } as ListState },
  );
  protected readonly loading = computed(() => this.state().kind === 'loading');
  protected readonly items = computed(() => {
    const state = this.state();
    return state.kind === 'ready' ? state.items : [];
  });
  protected readonly loadError = computed(() => {
    const state = this.state();
    return state.kind === 'error' ? state.message : null;
  });
  protected readonly editedTemplate = computed(() => {
    const editing = this.editing();
    return editing === 'new' ? null : editing;
  });

  protected canEdit(template: TemplateView): boolean {
    const user = this.user();
    return !!user && (user.role === 'admin' || user.id === template.ownerId);
  }

  protected setSearch(search: string): void {
    this.query.update((q) => ({ ...q, search }));
  }

  protected setType(type: string): void {
    this.query.update((q) => ({ ...q, type: type as TemplateQuery['type'] }));
  }

  /** A tag clicked on a card filters by it; clicking the active tag again clears the filter. */
  protected pickTag(tag: string): void {
    this.query.update((q) => ({ ...q, tag: q.tag === tag ? '' : tag }));
  }

  protected startNew(): void {
    this.actionError.set(null);
    this.editing.set('new');
  }

  protected edit(template: TemplateView): void {
    this.actionError.set(null);
    this.editing.set(template);
  }

  protected saved(): void {
    this.editing.set(null);
    this.version.update((v) => v + 1);
  }

  protected async remove(template: TemplateView): Promise<void> {
    if (!confirm(this.translate.instant('templates.confirmDelete', { name: template.name }) as string)) return;
    this.deletingId.set(template.id);
    this.actionError.set(null);
    try {
      await firstValueFrom(this.templates.remove(template.id));
      if (this.editedTemplate()?.id === template.id) this.editing.set(null);
      this.version.update((v) => v + 1);
    } catch (error) {
      this.actionError.set(errorMessage(error));
    } finally {
      this.deletingId.set(null);
    }
  }
}
