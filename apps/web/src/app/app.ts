import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { catchError, map, of } from 'rxjs';
import type { HealthView } from '@assistants/common';
import { HealthService } from './core/health.service';

type HealthState = { kind: 'loading' } | { kind: 'up'; health: HealthView } | { kind: 'down'; message: string };

@Component({
  selector: 'app-root',
  templateUrl: './app.html',
  styleUrl: './app.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class App {
  private readonly state = toSignal(
    inject(HealthService)
      .check()
      .pipe(
        map((health): HealthState => ({ kind: 'up', health })),
        catchError((error: { message?: string }) => of<HealthState>({ kind: 'down', message: error.message ?? 'The API does not answer.' })),
      ),
    { initialValue: { kind: 'loading' } as HealthState },
  );

  protected readonly statusText = computed(() => {
    const state = this.state();
    if (state.kind === 'loading') return 'Checking the server…';
    if (state.kind === 'down') return `The server does not answer: ${state.message}`;
    const db = state.health.database.kind === 'pglite' ? 'embedded database' : 'PostgreSQL';
    return `Server is up (${db}, ${state.health.database.latencyMs} ms).`;
  });
  protected readonly isDown = computed(() => this.state().kind === 'down');
}
