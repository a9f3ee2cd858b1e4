import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { ASSISTANT_TYPES, type AssistantView } from '@assistants/common';
import { Router } from '@angular/router';
import { TranslatePipe } from '@ngx-translate/core';
import { searchedList } from '../../../shared/list/searched-list';
import { AssistantCard } from '../components/assistant-card';
import { NewAssistantForm } from '../components/new-assistant-form';
import { AssistantsService, type AssistantQuery } from '../services/assistants.service';

/** Cards of the assistants the person may use, with search and a type filter. */
@Component({
  selector: 'app-catalogue-page',
  imports: [TranslatePipe, AssistantCard, NewAssistantForm],
  templateUrl: './catalogue.page.html',
  styleUrl: './catalogue.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CataloguePage {
  private readonly assistants = inject(AssistantsService);
  private readonly router = inject(Router);
  protected readonly types = ASSISTANT_TYPES;
  protected readonly query = signal<AssistantQuery>({ search: '', type: '' });
  protected readonly creating = signal(false);

  private readonly list = searchedList(this.query, (query) => this.assistants.list(query));
  protected readonly loading = this.list.loading;
  protected readonly items = this.list.items;
  protected readonly loadError = this.list.loadError;

  protected setSearch(search: string): void {
    this.query.update((q) => ({ ...q, search }));
  }

  protected setType(type: string): void {
    this.query.update((q) => ({ ...q, type: type as AssistantQuery['type'] }));
  }

  protected open(assistant: AssistantView): void {
    void this.router.navigate(['/chat', assistant.id]);
  }

  protected created(assistant: AssistantView): void {
    this.creating.set(false);
    this.open(assistant);
  }
}
