import { inject } from '@angular/core';
import { type CanActivateFn, Router } from '@angular/router';
import { AuthService } from './auth.service';

/** Pages behind sign-in: without a live session, go to the sign-in screen, which comes back here. */
export const signedInGuard: CanActivateFn = (_route, state) => {
  const auth = inject(AuthService);
  if (auth.token()) return true;
  const returnUrl = safeReturnUrl(state.url);
  return inject(Router).createUrlTree(['/sign-in'], returnUrl === '/' ? {} : { queryParams: { returnUrl } });
};

/** The sign-in screen is pointless when already signed in: go where it would have returned to. */
export const signedOutGuard: CanActivateFn = (route) => {
  const auth = inject(AuthService);
  return auth.token() ? inject(Router).parseUrl(safeReturnUrl(route.queryParamMap.get('returnUrl'))) : true;
};

/** A path of this app to return to after signing in; anything else (another site, `//host`, `/\host`, too long) is the start page. */
export function safeReturnUrl(url: string | null | undefined): string {
  if (!url || url.length > 2000 || !url.startsWith('/') || url.startsWith('//') || url.startsWith('/\\') || url.startsWith('/sign-in')) return '/';
  return /[\u0000-\u001f\\]/.test(url) ? '/' : url;
}
