import type { Caller } from '@assistants/common';
import { Injectable } from '@nestjs/common';

/** Why a live request is refused: an `error` event with this code (and, for a connection, a close code). */
export interface LiveRefusal {
  code: 'forbidden' | 'rate_limited';
  message: string;
}

/**
 * The one place where API-key scopes and rate limits apply to the WebSocket. Today everything is
 * allowed; the hardening work plugs in here:
 * - scopes: a key without the 'read' scope may not subscribe (return { code: 'forbidden' });
 * - rate limits: connections per caller and messages per socket (return { code: 'rate_limited' };
 *   the gateway sends an `error` event and closes with LIVE_CLOSE_CODES.rateLimited).
 */
@Injectable()
export class LiveLimits {
  /** At the upgrade, after authentication. */
  checkConnection(_caller: Caller): LiveRefusal | null {
    return null;
  }

  /** For every message a client sends (subscribe, unsubscribe, ping). */
  checkMessage(_caller: Caller): LiveRefusal | null {
    return null;
  }

  /** Before a subscription is added. */
  checkSubscribe(_caller: Caller): LiveRefusal | null {
    return null;
  }
}
