import { inject } from '@angular/core';
import { type CanActivateFn, Router } from '@angular/router';
import { AuthService } from '../../core/auth/auth.service';

/** The admin pages, for administrators only (the API checks again); others go to the catalogue. */
export const adminGuard: CanActivateFn = () => (inject(AuthService).user()?.role === 'admin' ? true : inject(Router).createUrlTree(['/']));
