import type { Caller } from '@assistants/common';
import type { AppConfig, RateRule } from '@assistants/config';
import { HttpException, HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { type CodedMessage, codedMessage } from '../common/errors/problem-text';
import { InjectConfig } from '../config/config.module';
import { clientNetwork } from './client-network';

export const RATE_LIMIT_STORAGE = Symbol('RATE_LIMIT_STORAGE');

export interface RateLimitResult {
  allowed: boolean;
  /** Whole seconds until the caller may try again; 0 when allowed. */
  retryAfterSeconds: number;
}

export interface ConsumeOptions {
  /**
   * Escalating waits: step k allows limit·2^k per window·4^k and blocks for
   * window·4^k, so a caller who keeps going waits 4× longer each time.
   */
  backoffSteps?: number;
  /**
   * Block as soon as the count reaches the limit instead of refusing the hit past it: for counting
   * what is known only afterwards (a failed sign-in), so that the attempt after the limit-th waits.
   */
  blockAtLimit?: boolean;
}

/** A 429 problem; the problem filter adds the Retry-After header. A coded message says its wait itself (a `{seconds}` param). */
export class RateLimitedException extends HttpException {
  constructor(
    readonly retryAfterSeconds: number,
    message: CodedMessage = codedMessage(
      'request.too_many_slow_down',
      { seconds: retryAfterSeconds },
      `Too many requests; slow down. Try again in ${retryAfterSeconds} s.`,
    ),
  ) {
    super(message, HttpStatus.TOO_MANY_REQUESTS);
  }
}

/**
 * Counts hits per key in @nestjs/throttler's storage (in memory, or Redis when
 * REDIS_URL is set, so every API process shares the counts). Reusable by any
 * transport: `consume(key, rule)` counts one hit and says whether it is allowed.
 */
@Injectable()
export class RateLimitService {
  private readonly logger = new Logger(RateLimitService.name);
  private lastWarning = 0;

  constructor(
    @Inject(RATE_LIMIT_STORAGE) private readonly storage: ThrottlerStorage,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async consume(key: string, rule: RateRule, options: ConsumeOptions = {}): Promise<RateLimitResult> {
    const steps = Math.max(1, options.backoffSteps ?? 1);
    const early = options.blockAtLimit ? 1 : 0;
    let retryAfterSeconds = 0;
    try {
      for (let k = 0; k < steps; k++) {
        const windowMs = rule.windowMs * 4 ** k;
        const record = await this.storage.increment(this.storageKey(`${key}:${k}`), windowMs, Math.max(0, rule.limit * 2 ** k - early), windowMs, 'rl');
        if (record.isBlocked) retryAfterSeconds = Math.max(retryAfterSeconds, record.timeToBlockExpire, 1);
      }
    } catch (error) {
      this.storageFailed(error);
      return { allowed: true, retryAfterSeconds: 0 };
    }
    return { allowed: retryAfterSeconds === 0, retryAfterSeconds };
  }

  /**
   * Marks `key` for `seconds`, for `flagged` to see: a limit of 0 blocks at the first hit. The in-memory
   * store only clears a block that has run out on the next hit, so a second hit sets the new one then.
   */
  async flag(key: string, seconds: number): Promise<void> {
    const ms = Math.max(1000, Math.ceil(seconds * 1000));
    try {
      for (let tries = 0; tries < 2; tries++) {
        if ((await this.storage.increment(this.storageKey(`flag:${key}`), ms, 0, ms, 'rl')).isBlocked) return;
      }
    } catch (error) {
      this.storageFailed(error);
    }
  }

  /** Seconds left on a mark made by `flag`, 0 without one: a limit no count reaches only reads the block. */
  async flagged(key: string): Promise<number> {
    try {
      const record = await this.storage.increment(this.storageKey(`flag:${key}`), 1000, Number.MAX_SAFE_INTEGER, 1000, 'rl');
      return record.isBlocked ? Math.max(1, record.timeToBlockExpire) : 0;
    } catch (error) {
      this.storageFailed(error);
      return 0;
    }
  }

  private storageKey(key: string): string {
    return `${this.config.redis.keyPrefix}rl:${key}`;
  }

  /** An unreachable Redis must not take the whole API down: let requests through and say so. */
  private storageFailed(error: unknown): void {
    if (Date.now() - this.lastWarning > 60_000) {
      this.lastWarning = Date.now();
      this.logger.warn(`rate limits not enforced, storage failed: ${(error as Error).message}`);
    }
  }

  /** Like consume, but throws the 429 problem when the limit is reached. */
  async enforce(key: string, rule: RateRule, options: ConsumeOptions = {}, message?: (retryAfterSeconds: number) => CodedMessage): Promise<void> {
    const result = await this.consume(key, rule, options);
    if (!result.allowed) throw new RateLimitedException(result.retryAfterSeconds, message?.(result.retryAfterSeconds));
  }

  /**
   * The general limit for any request (REST, /v1, WebSocket): per person, whichever of their tokens and keys
   * it comes with, so more keys buy no more; an API key also on its own (checked first, so a key past its
   * limit spends none of its person's); per address when anonymous.
   */
  async enforceRequest(caller: Caller | null, address: string | undefined): Promise<void> {
    const { user, apiKey, anonymous } = this.config.rateLimits;
    if (!caller) return this.enforce(`ip:${clientNetwork(address)}`, anonymous);
    if (caller.via === 'api-key' && caller.keyId) await this.enforce(`key:${caller.keyId}`, apiKey);
    return this.enforce(`user:${caller.id}`, user);
  }
}
