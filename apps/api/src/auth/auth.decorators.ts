import type { ApiScope, Caller } from '@assistants/common';
import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';

export const AUTH_MODE = 'auth-mode';
/** `public`: no caller needed (caller may still be known); default: a caller is required. */
export type AuthMode = 'public' | 'admin';

/** Anyone may call; a valid token still identifies the caller (public assistants). */
export const Public = () => SetMetadata(AUTH_MODE, 'public' satisfies AuthMode);
export const AdminOnly = () => SetMetadata(AUTH_MODE, 'admin' satisfies AuthMode);

export const REQUIRED_SCOPE = 'required-scope';
/**
 * The scope an API key needs for this route (JWT callers have every scope).
 * Every route that can be called with a key names one: the guard refuses keys
 * on routes without it, so a new route is closed to keys until someone decides.
 */
export const RequireScope = (scope: ApiScope) => SetMetadata(REQUIRED_SCOPE, scope);
export const UNLIMITED = 'unlimited';
/** Never rate-limited: the health check, so a busy proxy address cannot make orchestrators restart a healthy server. */
export const Unlimited = () => SetMetadata(UNLIMITED, true);

/** Routes that need no credentials at all (log in, register, health). */
export const NO_SCOPE = 'none';
export const NoScope = () => SetMetadata(REQUIRED_SCOPE, NO_SCOPE);

export interface RequestWithCaller {
  caller?: Caller | null;
}

/** The authenticated caller; null on public routes called anonymously. */
export const CurrentCaller = createParamDecorator((_: unknown, context: ExecutionContext): Caller | null => {
  return context.switchToHttp().getRequest<RequestWithCaller>().caller ?? null;
});
