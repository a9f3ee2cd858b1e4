import { type ApiScope, type Caller, hasScope } from '@assistants/common';
import { type CanActivate, type ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { problemText } from '../common/errors';
import { RateLimitService } from '../rate-limit/rate-limit.service';
import { AUTH_MODE, type AuthMode, NO_SCOPE, REQUIRED_SCOPE, type RequestWithCaller, UNLIMITED } from './auth.decorators';
import { AuthService } from './auth.service';

/**
 * Global guard: every route needs a caller unless marked @Public(); a token
 * that is present but invalid is always a 401, never silently anonymous.
 * Then the API key's scope for the route, then the caller's general rate limit.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly limits: RateLimitService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const mode = this.reflector.getAllAndOverride<AuthMode | undefined>(AUTH_MODE, targets);
    const scope = this.reflector.getAllAndOverride<ApiScope | typeof NO_SCOPE | undefined>(REQUIRED_SCOPE, targets);
    const request = context.switchToHttp().getRequest<Request & RequestWithCaller>();
    const caller = await this.identify(request.headers.authorization);
    request.caller = caller;
    if (mode !== 'public' && !caller) throw new UnauthorizedException(problemText('auth.sign_in_or_api_key'));
    if (caller?.via === 'api-key' && scope !== NO_SCOPE) assertKeyScope(caller, scope);
    if (mode === 'admin' && caller?.role !== 'admin') throw new ForbiddenException(problemText('auth.admin_only'));
    if (!this.reflector.getAllAndOverride<boolean | undefined>(UNLIMITED, targets)) await this.limits.enforceRequest(caller, request.ip);
    return true;
  }

  private async identify(header: string | undefined): Promise<Caller | null> {
    if (!header) return null;
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    if (!match) throw new UnauthorizedException(problemText('auth.header_malformed'));
    return this.auth.authenticate(match[1]);
  }
}

function assertKeyScope(caller: Caller, scope: ApiScope | undefined): void {
  if (!scope) throw new ForbiddenException(problemText('auth.api_key_not_allowed'));
  if (!hasScope(caller, scope)) throw new ForbiddenException(problemText('auth.scope_missing', { scope }));
}
