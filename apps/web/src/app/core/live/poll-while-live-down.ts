import { DestroyRef, effect, inject, type Signal, untracked } from '@angular/core';
import { LiveService } from './live.service';

/**
 * Calls `poll` every `intervalMs` while `pending()` holds and live updates are down, so a page
 * still sees its documents finish without the WebSocket; stops when either ends and on destroy.
 * Call in an injection context (a constructor or field initialiser).
 */
export function pollWhileLiveDown(pending: Signal<boolean>, poll: () => void, intervalMs = 2000): void {
  const live = inject(LiveService);
  let timer: ReturnType<typeof setInterval> | null = null;
  const stop = () => {
    if (timer) clearInterval(timer);
    timer = null;
  };
  effect(() => {
    const on = pending() && live.degraded();
    untracked(() => {
      if (!on) stop();
      else timer ??= setInterval(poll, intervalMs);
    });
  });
  inject(DestroyRef).onDestroy(stop);
}
