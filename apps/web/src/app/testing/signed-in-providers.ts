import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import type { EnvironmentProviders, Provider } from '@angular/core';
import { provideRouter } from '@angular/router';
import type { UserView } from '@assistants/common';
import { authInterceptor, errorInterceptor } from '../core/api/interceptors';
import { AuthService } from '../core/auth/auth.service';
import { provideAppTranslations } from '../core/i18n/provide-translations';

/**
 * For page tests: the app's HTTP stack (its interceptors, over Angular's testing backend), the
 * bundled English texts, and `user` signed in with a token. `signOut` is the test's own spy.
 */
export function signedInProviders(user: UserView | null, signOut: () => void): (Provider | EnvironmentProviders)[] {
  return [
    provideRouter([]),
    provideHttpClient(withInterceptors([authInterceptor, errorInterceptor])),
    provideHttpClientTesting(),
    provideAppTranslations(),
    { provide: AuthService, useValue: { user: () => user, token: () => 'jwt', signOut } },
  ];
}
