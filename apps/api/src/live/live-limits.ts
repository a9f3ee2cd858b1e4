import { type Caller, hasScope } from '@assistants/common';
import { Injectable } from '@nestjs/common';
import { RateLimitService } from '../rate-limit/rate-limit.service';

/** Why a live request is refused: an `error` event with this code (and, for a connection, a close code). */
export interface LiveRefusal {
  code: 'forbidden' | 'rate_limited';
  message: string;
}

/**
 * The one place where API-key scopes and rate limits apply to the WebSocket: following live
 * updates is reading, so a key needs the 'read' scope; the upgrade and every client message count
 * against the same per-user / per-key request limit as REST calls.
 */
@Injectable()
export class LiveLimits {
  constructor(private readonly limits: RateLimitService) {}

  /** At the upgrade, after authentication. */
  checkConnection(caller: Caller): Promise<LiveRefusal | null> {
    return this.scopeThenRate(caller);
  }

  /** For every message a client sends (subscribe, unsubscribe, ping). */
  checkMessage(caller: Caller): Promise<LiveRefusal | null> {
    return this.rate(caller);
  }

  /** Before a subscription is added. */
  async checkSubscribe(caller: Caller): Promise<LiveRefusal | null> {
    return this.scope(caller);
  }

  private async scopeThenRate(caller: Caller): Promise<LiveRefusal | null> {
    return this.scope(caller) ?? (await this.rate(caller));
  }

  private scope(caller: Caller): LiveRefusal | null {
    return hasScope(caller, 'read') ? null : { code: 'forbidden', message: 'This API key lacks the "read" scope needed to follow live updates.' };
  }

  private async rate(caller: Caller): Promise<LiveRefusal | null> {
    try {
      await this.limits.enforceRequest(caller, undefined);
      return null;
    } catch (error) {
      return { code: 'rate_limited', message: (error as Error).message };
    }
  }
}
