import type { Caller } from '@assistants/common';
import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { assertConversationAccess } from '../common/access';
import { averageRating } from '../assistants/assistant.view';
import { PrismaService } from '../database/prisma.service';
import { type AppStores, InjectStores } from '../database/stores.module';
import type { RatedTotals, RatingView } from './dto/rating.dto';
import { problemText } from '../common/errors';

interface Totals {
  id: string;
  ratingSum: number;
  ratingCount: number;
}

const totals = (row: Totals): RatedTotals => ({ id: row.id, averageRating: averageRating(row), ratingCount: row.ratingCount });

/**
 * Ratings of answers. The message's rating and the assistant's and template's
 * rating_sum / rating_count change in one transaction that holds the message's
 * row lock, so every change is counted exactly once, however many arrive at once.
 */
@Injectable()
export class RatingsService {
  constructor(
    private readonly prisma: PrismaService,
    @InjectStores() private readonly stores: AppStores,
  ) {}

  rate(caller: Caller, messageId: string, rating: number, comment?: string | null): Promise<RatingView> {
    return this.change(caller, messageId, { rating, feedback: comment || null });
  }

  async remove(caller: Caller, messageId: string): Promise<void> {
    await this.change(caller, messageId, { rating: null, feedback: null });
  }

  /** Only the conversation's owner rates (admins may read conversations, not rate them for someone). */
  private async findRateable(caller: Caller, messageId: string) {
    const message = await this.prisma.client.message.findUnique({
      where: { id: messageId },
      select: { conversation: { select: { userId: true, assistantId: true, status: true } } },
    });
    const conversation = message?.conversation;
    return assertConversationAccess(conversation && conversation.status !== 'deleted' ? conversation : null, caller, 'write', 'message', messageId);
  }

  private async change(caller: Caller, messageId: string, next: { rating: number | null; feedback: string | null }): Promise<RatingView> {
    const { assistantId } = await this.findRateable(caller, messageId);
    return this.stores.transaction(
      async ({ messages }, tx) => {
        // Lock order as everywhere else: the assistant first (chat turns and statistics take it
        // before the conversation), then the message, then the template. FOR NO KEY UPDATE is
        // the lock the counter UPDATE below would take anyway, only taken earlier.
        await tx.$queryRaw`SELECT id FROM assistants WHERE id = ${assistantId}::uuid FOR NO KEY UPDATE`;
        const message = await messages.lockForRating(messageId);
        if (!message) throw new NotFoundException(problemText('resource.id_unknown', { kind: 'message', id: messageId }));
        if (next.rating !== null && (message.role !== 'assistant' || message.status !== 'done')) {
          throw new ConflictException(problemText('rating.not_an_answer'));
        }
        const sumDelta = (next.rating ?? 0) - (message.rating ?? 0);
        const countDelta = (next.rating === null ? 0 : 1) - (message.rating === null ? 0 : 1);
        if (message.rating !== next.rating || message.feedback !== next.feedback) {
          await messages.rate(messageId, next);
        }
        const changed = sumDelta !== 0 || countDelta !== 0;
        const data = { ratingSum: { increment: sumDelta }, ratingCount: { increment: countDelta } };
        const select = { id: true, ratingSum: true, ratingCount: true } as const;
        const assistant = changed
          ? await tx.assistant.update({ where: { id: assistantId }, data, select })
          : await tx.assistant.findUniqueOrThrow({ where: { id: assistantId }, select });
        let template: Totals | null = null;
        if (message.templateId) {
          // updateMany: a template deleted meanwhile is simply not counted, not an error.
          if (changed) await tx.promptTemplate.updateMany({ where: { id: message.templateId }, data });
          template = await tx.promptTemplate.findUnique({ where: { id: message.templateId }, select });
        }
        return { messageId, rating: next.rating, comment: next.feedback, assistant: totals(assistant), template: template && totals(template) };
      },
      // Many changes to one assistant queue on its row; give them time to take their turn.
      { maxWait: 10_000, timeout: 15_000 },
    );
  }
}
