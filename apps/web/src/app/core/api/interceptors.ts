import { HttpErrorResponse, type HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, from, switchMap, throwError } from 'rxjs';
import { AuthService } from '../auth/auth.service';
import { isBlob, toApiError, withTextBody } from './api-error';

/** Adds the bearer token to API requests. */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  const token = request.url.startsWith('/api/') ? inject(AuthService).token() : null;
  return next(token ? request.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : request);
};

/**
 * Turns failures into ApiError with a readable message. A 401 on anything but sign-in means the
 * session is over: forget it and go back to the sign-in screen. A shared page's 401 (a link for
 * signed-in users, opened without a session) is its own to handle: it signs in and comes back.
 */
export const errorInterceptor: HttpInterceptorFn = (request, next) => {
  const auth = inject(AuthService);
  const router = inject(Router);
  return next(request).pipe(
    catchError((error: unknown) => {
      if (!(error instanceof HttpErrorResponse)) return throwError(() => error);
      if (error.status === 401 && !request.url.startsWith('/api/auth/') && !request.url.startsWith('/api/shared/')) {
        auth.signOut();
        void router.navigateByUrl('/sign-in');
      }
      // A download (responseType 'blob') gets its problem+json as a Blob too: read it, so its detail is shown.
      if (isBlob(error.error)) return from(withTextBody(error)).pipe(switchMap((readable) => throwError(() => toApiError(readable))));
      return throwError(() => toApiError(error));
    }),
  );
};
