import type { AppConfig } from '@assistants/config';
import { Injectable } from '@nestjs/common';
import { problemText } from '../common/errors/problem-text';
import { InjectConfig } from '../config/config.module';
import { clientNetwork } from '../rate-limit/client-network';
import { RateLimitedException, RateLimitService } from '../rate-limit/rate-limit.service';

const BACKOFF = { backoffSteps: 3 };

/**
 * Who may try a password, so that no one can lock anyone else out:
 * - failures are counted per account *and* address together (RATE_LIMIT_LOGIN_ACCOUNT): an address that
 *   failed too often waits, even with the right password, while the owner elsewhere is not affected;
 * - every attempt counts per address across accounts (RATE_LIMIT_LOGIN_ADDRESS), against spraying;
 * - failures per account from all addresses (RATE_LIMIT_LOGIN_ACCOUNT_TOTAL), against guessing from many
 *   addresses: past it, an address that has failed for the account waits, so each new one gets one guess,
 *   but an address that has not failed for it is never refused.
 * Waits grow for who keeps going. Unknown accounts are counted the same way, so a 429 tells nothing.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    private readonly limits: RateLimitService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /** Before the password is checked: throws the 429 if this address must wait for this account. */
  async check(email: string, address: string | undefined): Promise<void> {
    const keys = this.keys(email, address);
    const [pair, guarded, failedHere, addressLimit] = await Promise.all([
      this.limits.flagged(keys.pairBlocked),
      this.limits.flagged(keys.accountGuarded),
      this.limits.flagged(keys.failedHere),
      this.limits.consume(keys.address, this.config.rateLimits.loginAddress, BACKOFF),
    ]);
    const wait = Math.max(pair, failedHere ? guarded : 0, addressLimit.retryAfterSeconds);
    if (wait > 0) throw new RateLimitedException(wait, problemText('auth.login_throttled', { seconds: wait }));
  }

  /** After a wrong password (or an unknown account). */
  async failed(email: string, address: string | undefined): Promise<void> {
    const { loginAccount, loginAccountTotal } = this.config.rateLimits;
    const keys = this.keys(email, address);
    const counting = { ...BACKOFF, blockAtLimit: true };
    const [pair, total] = await Promise.all([
      this.limits.consume(keys.pairFailures, loginAccount, counting),
      this.limits.consume(keys.accountFailures, loginAccountTotal, counting),
      // Remembered as long as the account's longest wait, so a known address gets no fresh guess while it lasts.
      this.limits.flag(keys.failedHere, (loginAccountTotal.windowMs * 4 ** (BACKOFF.backoffSteps - 1)) / 1000),
    ]);
    await Promise.all([
      !pair.allowed && this.limits.flag(keys.pairBlocked, pair.retryAfterSeconds),
      !total.allowed && this.limits.flag(keys.accountGuarded, total.retryAfterSeconds),
    ]);
  }

  private keys(email: string, address: string | undefined) {
    const network = clientNetwork(address);
    return {
      address: `login:ip:${network}`,
      pairFailures: `login:failures:${network}:${email}`,
      pairBlocked: `login:blocked:${network}:${email}`,
      failedHere: `login:failed-here:${network}:${email}`,
      accountFailures: `login:failures:${email}`,
      accountGuarded: `login:guarded:${email}`,
    };
  }
}
