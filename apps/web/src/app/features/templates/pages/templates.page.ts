import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { TEMPLATE_TYPES, type TemplateView } from '@assistants/common';
import { TranslatePipe, TranslateService } from '@ngx-translate/core';
import { firstValueFrom } from 'rxjs';
import { errorMessage } from '../../../core/api/api-error';
import { AuthService } from '../../../core/auth/auth.service';
import { searchedList } from '../../../shared/list/searched-list';
import { TemplateCard } from '../components/template-card';
import { TemplateEditor } from '../components/template-editor';
import { TemplatesService, type TemplateQuery } from '../services/templates.service';
import { DialogService } from '../../../shared/dialog/dialog.service';

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
  private readonly dialogs = inject(DialogService);
  private readonly user = inject(AuthService).user;
  protected readonly types = TEMPLATE_TYPES;
  protected readonly query = signal<TemplateQuery>({ search: '', type: '', tag: '' });
  /** Bumped after a save or delete so the list is fetched again. */
  private readonly version = signal(0);
  /** The template open in the editor; 'new' for a new one. */
  protected readonly editing = signal<TemplateView | 'new' | null>(null);
  protected readonly deletingId = signal<string | null>(null);
  protected readonly actionError = signal<string | null>(null);

  private readonly list = searchedList(
    computed(() => ({ query: this.query(), version: this.version() })),
    ({ query }) => this.templates.list(query),
  );
  protected readonly loading = this.list.loading;
  protected readonly items = this.list.items;
  protected readonly loadError = this.list.loadError;
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
    if (
      !(await this.dialogs.confirm({
        title: this.translate.instant('templates.confirmDelete', { name: template.name }) as string,
        confirmLabel: this.translate.instant('dialog.delete') as string,
        danger: true,
      }))
    )
      return;
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
