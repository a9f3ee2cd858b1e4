import { computed, type Signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { catchError, debounceTime, map, type Observable, of, startWith, switchMap } from 'rxjs';
import { errorMessage } from '../../core/api/api-error';

type ListState<T> = { kind: 'loading' } | { kind: 'ready'; items: T[] } | { kind: 'error'; message: string };

export interface SearchedList<T> {
  loading: Signal<boolean>;
  items: Signal<T[]>;
  /** The server's problem in plain words, or null. */
  loadError: Signal<string | null>;
}

/**
 * A list fetched again whenever its query changes (typing is debounced; a newer query cancels
 * the older request), with its loading and error states. Call in an injection context.
 */
export function searchedList<Q, T>(query: Signal<Q>, load: (query: Q) => Observable<{ items: T[] }>, debounceMs = 250): SearchedList<T> {
  const state = toSignal(
    toObservable(query).pipe(
      debounceTime(debounceMs),
      switchMap((q) =>
        load(q).pipe(
          map((page): ListState<T> => ({ kind: 'ready', items: page.items })),
          catchError((error: unknown) => of<ListState<T>>({ kind: 'error', message: errorMessage(error) })),
          startWith<ListState<T>>({ kind: 'loading' }),
        ),
      ),
    ),
    { initialValue: { kind: 'loading' } as ListState<T> },
  );
  return {
    loading: computed(() => state().kind === 'loading'),
    items: computed(() => {
      const current = state();
      return current.kind === 'ready' ? current.items : [];
    }),
    loadError: computed(() => {
      const current = state();
      return current.kind === 'error' ? current.message : null;
    }),
  };
}
