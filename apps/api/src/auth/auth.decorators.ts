import type { Caller } from '@assistants/common';
import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';

export const AUTH_MODE = 'auth-mode';
/** `public`: no caller needed (caller may still be known); default: a caller is required. */
export type AuthMode = 'public' | 'admin';

/** Anyone may call; a valid token still identifies the caller (public assistants). */
export const Public = () => SetMetadata(AUTH_MODE, 'public' satisfies AuthMode);
export const AdminOnly = () => SetMetadata(AUTH_MODE, 'admin' satisfies AuthMode);

export interface RequestWithCaller {
  caller?: Caller | null;
}

/** The authenticated caller; null on public routes called anonymously. */
export const CurrentCaller = createParamDecorator((_: unknown, context: ExecutionContext): Caller | null => {
  return context.switchToHttp().getRequest<RequestWithCaller>().caller ?? null;
});
