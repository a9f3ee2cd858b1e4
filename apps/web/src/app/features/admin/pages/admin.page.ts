import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import type { CreatedApiKeyView, Page, Role, UpdateUserRequest, UserView } from '@assistants/common';
import { TranslatePipe } from '@ngx-translate/core';
import { catchError, debounceTime, firstValueFrom, map, of, startWith, switchMap } from 'rxjs';
import { errorMessage } from '../../../core/api/api-error';
import { AuthService } from '../../../core/auth/auth.service';
import { ApiKeyForm } from '../../api-keys/components/api-key-form';
import { KeySecret } from '../../api-keys/components/key-secret';
import { LlmProvidersPanel } from '../../models/components/llm-providers-panel';
import { NewUserForm } from '../components/new-user-form';
import { USERS_PAGE_SIZE, UsersAdminService, type UsersQuery } from '../services/users-admin.service';

type ListState = { kind: 'loading' } | { kind: 'ready'; page: Page<UserView> } | { kind: 'error'; message: string };

/** Administrators' view of the accounts: search, paging, role, disable and enable, new users, service-account keys. */
@Component({
  selector: 'app-admin-page',
  imports: [DatePipe, TranslatePipe, NewUserForm, ApiKeyForm, KeySecret, LlmProvidersPanel],
  templateUrl: './admin.page.html',
  styleUrl: './admin.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AdminPage {
  private readonly users = inject(UsersAdminService);
  protected readonly me = inject(AuthService).user;
  protected readonly query = signal<UsersQuery>({ search: '', offset: 0 });
  /** Bumped to load the same page again (after a create). */
  private readonly reloads = signal(0);
  /** Rows changed here since the page was loaded, by id: they win over the loaded copy. */
  private readonly changed = signal<Record<string, UserView>>({});
  protected readonly creating = signal(false);
  protected readonly busy = signal<string | null>(null);
  protected readonly actionError = signal<string | null>(null);
  /** The service account a key form is open for, and the key just made for it. */
  protected readonly keyFor = signal<UserView | null>(null);
  protected readonly createdKey = signal<CreatedApiKeyView | null>(null);

  private readonly request = computed(() => ({ ...this.query(), reload: this.reloads() }));
  protected readonly state = toSignal(
    toObservable(this.request).pipe(
      debounceTime(250),
      switchMap((query) =>
        this.users.list(query).pipe(
          map((page): ListState => ({ kind: 'ready', page })),
          catchError((error: unknown) => of<ListState>({ kind: 'error', message: errorMessage(error) })),
          startWith<ListState>({ kind: 'loading' }),
        ),
      ),
    ),
    { initialValue: { kind: 'loading' } as ListState },
  );

  protected readonly page = computed(() => {
    const state = this.state();
    return state.kind === 'ready' ? state.page : null;
  });
  protected readonly rows = computed(() => (this.page()?.items ?? []).map((user) => this.changed()[user.id] ?? user));
  protected readonly loadError = computed(() => {
    const state = this.state();
    return state.kind === 'error' ? state.message : null;
  });
  protected readonly range = computed(() => {
    const page = this.page();
    if (!page || page.total === 0) return null;
    return { from: page.offset + 1, to: page.offset + page.items.length, total: page.total };
  });
  protected readonly hasPrevious = computed(() => this.query().offset > 0);
  protected readonly hasNext = computed(() => {
    const page = this.page();
    return !!page && page.offset + page.items.length < page.total;
  });

  protected setSearch(search: string): void {
    this.query.set({ search, offset: 0 });
  }

  protected turn(direction: 1 | -1): void {
    this.query.update((q) => ({ ...q, offset: Math.max(0, q.offset + direction * USERS_PAGE_SIZE) }));
  }

  protected onCreated(): void {
    this.creating.set(false);
    this.reloads.update((n) => n + 1);
  }

  protected async setRole(user: UserView, select: HTMLSelectElement): Promise<void> {
    const saved = await this.change(user, { role: select.value as Role });
    // Refused: the picker shows the stored role again.
    if (!saved) select.value = user.role;
  }

  protected toggleDisabled(user: UserView): void {
    void this.change(user, { disabled: !user.disabledAt });
  }

  protected openKeyForm(user: UserView): void {
    this.createdKey.set(null);
    this.keyFor.set(user);
  }

  protected onKeyCreated(key: CreatedApiKeyView): void {
    this.keyFor.set(null);
    this.createdKey.set(key);
  }

  private async change(user: UserView, change: UpdateUserRequest): Promise<boolean> {
    this.busy.set(user.id);
    this.actionError.set(null);
    try {
      const updated = await firstValueFrom(this.users.update(user.id, change));
      this.changed.update((rows) => ({ ...rows, [updated.id]: updated }));
      return true;
    } catch (error) {
      this.actionError.set(`${user.email}: ${errorMessage(error)}`);
      return false;
    } finally {
      this.busy.set(null);
    }
  }
}
