import type { Caller } from '@assistants/common';
import { type CanActivate, type ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AUTH_MODE, type AuthMode, type RequestWithCaller } from './auth.decorators';
import { AuthService } from './auth.service';

/**
 * Global guard: every route needs a caller unless marked @Public(); a token
 * that is present but invalid is always a 401, never silently anonymous.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const mode = this.reflector.getAllAndOverride<AuthMode | undefined>(AUTH_MODE, [context.getHandler(), context.getClass()]);
    const request = context.switchToHttp().getRequest<Request & RequestWithCaller>();
    const caller = await this.identify(request.headers.authorization);
    request.caller = caller;
    if (mode === 'public') return true;
    if (!caller) throw new UnauthorizedException('Sign in, or send an API key as "Authorization: Bearer ak_...".');
    if (mode === 'admin' && caller.role !== 'admin') throw new ForbiddenException('Only administrators may do this.');
    return true;
  }

  private async identify(header: string | undefined): Promise<Caller | null> {
    if (!header) return null;
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    if (!match) throw new UnauthorizedException('The Authorization header must be "Bearer <token>".');
    return this.auth.authenticate(match[1]);
  }
}
