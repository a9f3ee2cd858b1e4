import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { ASSISTANT_TYPES, type AssistantView } from '@assistants/common';
import { Router } from '@angular/router';
import { TranslatePipe } from '@ngx-translate/core';
import { catchError, debounceTime, map, of, startWith, switchMap } from 'rxjs';
import { errorMessage } from '../../../core/api/api-error';
import { AssistantCard } from '../components/assistant-card';
import { NewAssistantForm } from '../components/new-assistant-form';
import { AssistantsService, type AssistantQuery } from '../services/assistants.service';

type ListState = { kind: 'loading' } | { kind: 'ready'; items: AssistantView[] } | { kind: 'error'; message: string };

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

  protected readonly state = toSignal(
    toObservable(this.query).pipe(
      debounceTime(250),
      switchMap((query) =>
        this.assistants.list(query).pipe(
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
