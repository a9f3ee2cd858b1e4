import type { Caller } from '@assistants/common';
import type { AppConfig, RateRule } from '@assistants/config';
import { HttpException, HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { InjectConfig } from '../config/config.module';

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
}

/** A 429 problem; the problem filter adds the Retry-After header. */
export class RateLimitedException extends HttpException {
  constructor(
    readonly retryAfterSeconds: number,
    message = 'Too many requests; slow down.',
  ) {
    super(`${message} Try again in ${retryAfterSeconds} s.`, HttpStatus.TOO_MANY_REQUESTS);
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
    let retryAfterSeconds = 0;
    try {
      for (let k = 0; k < steps; k++) {
        const windowMs = rule.windowMs * 4 ** k;
        const record = await this.storage.increment(`${this.config.redis.keyPrefix}rl:${key}:${k}`, windowMs, rule.limit * 2 ** k, windowMs, 'rl');
        if (record.isBlocked) retryAfterSeconds = Math.max(retryAfterSeconds, record.timeToBlockExpire, 1);
      }
    } catch (error) {
      // An unreachable Redis must not take the whole API down: let requests through and say so.
      if (Date.now() - this.lastWarning > 60_000) {
        this.lastWarning = Date.now();
        this.logger.warn(`rate limits not enforced, storage failed: ${(error as Error).message}`);
      }
      return { allowed: true, retryAfterSeconds: 0 };
    }
    return { allowed: retryAfterSeconds === 0, retryAfterSeconds };
  }

  /** Like consume, but throws the 429 problem when the limit is reached. */
  async enforce(key: string, rule: RateRule, options: ConsumeOptions = {}, message?: string): Promise<void> {
    const result = await this.consume(key, rule, options);
    if (!result.allowed) throw new RateLimitedException(result.retryAfterSeconds, message);
  }

  /** The general limit for any request: per user (JWT), per API key, or per address when anonymous. */
  async enforceRequest(caller: Caller | null, address: string | undefined): Promise<void> {
    const { user, apiKey, anonymous } = this.config.rateLimits;
    if (caller?.via === 'api-key' && caller.keyId) return this.enforce(`key:${caller.keyId}`, apiKey);
    if (caller) return this.enforce(`user:${caller.id}`, user);
    return this.enforce(`ip:${address ?? 'unknown'}`, anonymous);
  }
}
