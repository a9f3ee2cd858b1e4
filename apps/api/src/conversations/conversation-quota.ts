import type { AppConfig } from '@assistants/config';
import type { Prisma } from '@assistants/db';
import { Injectable } from '@nestjs/common';
import { problemText } from '../common/errors/problem-text';
import { InjectConfig } from '../config/config.module';
import { RateLimitedException } from '../rate-limit/rate-limit.service';

/** Seconds from `now` to the next midnight UTC, when every account's daily count starts again. */
export function secondsToNextUtcDay(now: Date): number {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  return Math.max(1, Math.ceil((midnight - now.getTime()) / 1000));
}

/**
 * MAX_CONVERSATIONS_PER_DAY: conversations one account starts per UTC day, through any token or key,
 * on REST and /v1 alike (both start them in ConversationsService.create). Counted in the database, so
 * it holds across API processes and restarts.
 */
@Injectable()
export class ConversationQuota {
  constructor(@InjectConfig() private readonly config: AppConfig) {}

  /**
   * Counts one more for `userId` in the transaction that starts the conversation (so a start that fails
   * counts none), or throws the 429. One conditional upsert: its row lock makes starts at once take turns.
   */
  async take(tx: Prisma.TransactionClient, userId: string, now = new Date()): Promise<void> {
    const max = this.config.quotas.conversationsPerDay;
    if (max === 0) return;
    const today = now.toISOString().slice(0, 10);
    const counted = await tx.$queryRaw<{ count: number }[]>`
      INSERT INTO daily_conversation_counts AS c (user_id, day, count) VALUES (${userId}::uuid, ${today}::date, 1)
      ON CONFLICT (user_id) DO UPDATE
        SET count = CASE WHEN c.day < EXCLUDED.day THEN 1 ELSE c.count + 1 END, day = GREATEST(c.day, EXCLUDED.day)
        WHERE c.day < EXCLUDED.day OR c.count < ${max}
      RETURNING count`;
    if (counted.length === 0) {
      const seconds = secondsToNextUtcDay(now);
      throw new RateLimitedException(seconds, problemText('conversation.daily_limit', { max, seconds }));
    }
  }
}
