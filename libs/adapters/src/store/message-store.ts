import type { Prisma } from '@assistants/db';
import type { MessagePageQuery, MessageRecord, MessageStore, RateableMessage, SentTurn, StoredAnswer } from '@assistants/domain';
import type { MessageRole } from '@assistants/common';

const json = (value: unknown) => value as Prisma.InputJsonValue;

/** Messages in PostgreSQL, through Prisma. */
export class PostgresMessageStore implements MessageStore {
  constructor(private readonly db: Prisma.TransactionClient) {}

  find(id: string): Promise<MessageRecord | null> {
    return this.db.message.findUnique({ where: { id } });
  }

  get(id: string): Promise<MessageRecord> {
    return this.db.message.findUniqueOrThrow({ where: { id } });
  }

  findByClientKey(conversationId: string, clientMessageId: string): Promise<MessageRecord | null> {
    return this.db.message.findUnique({ where: { conversationId_clientMessageId: { conversationId, clientMessageId } } });
  }

  page(conversationId: string, { order, after, limit }: MessagePageQuery): Promise<MessageRecord[]> {
    const later = order === 'asc' ? 'gt' : 'lt';
    return this.db.message.findMany({
      where: {
        conversationId,
        ...(after && { OR: [{ createdAt: { [later]: after.createdAt } }, { createdAt: after.createdAt, id: { [later]: after.id } }] }),
      },
      orderBy: [{ createdAt: order }, { id: order }],
      take: limit,
    });
  }

  recentHistory(conversationId: string, before: Date, limit: number): Promise<MessageRecord[]> {
    return this.db.message.findMany({
      where: { conversationId, status: 'done', role: { in: ['user', 'assistant'] }, createdAt: { lt: before } },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
    });
  }

  listFinished(conversationId: string): Promise<MessageRecord[]> {
    return this.db.message.findMany({ where: { conversationId, status: 'done' }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  }

  countFinished(conversationId: string): Promise<number> {
    return this.db.message.count({ where: { conversationId, status: 'done' } });
  }

  async answerTemplate(id: string): Promise<string | null> {
    return (await this.db.message.findUniqueOrThrow({ where: { id }, select: { templateId: true } })).templateId;
  }

  async appendTurn({ conversationId, userMessageId, assistantMessageId, content, clientMessageId, at }: SentTurn): Promise<MessageRecord> {
    // One statement for both rows (a repeated clientMessageId fails it whole, as P2002).
    const rows = await this.db.message.createManyAndReturn({
      data: [
        { id: userMessageId, conversationId, role: 'user', content, status: 'done', clientMessageId, createdAt: at },
        {
          id: assistantMessageId,
          conversationId,
          role: 'assistant',
          content: '',
          status: 'pending',
          replyToId: userMessageId,
          createdAt: new Date(at.getTime() + 1),
        },
      ],
    });
    return rows.find((row) => row.id === userMessageId)!;
  }

  async appendHistory(conversationId: string, messages: { role: MessageRole; content: string }[], from: Date): Promise<void> {
    const base = from.getTime();
    await this.db.message.createMany({
      data: messages.map((m, i) => ({ conversationId, role: m.role, content: m.content, status: 'done' as const, createdAt: new Date(base + i) })),
    });
  }

  async resetAnswer(id: string): Promise<void> {
    await this.db.message.update({ where: { id }, data: { status: 'pending', content: '', error: null } });
  }

  async startAnswer(id: string): Promise<void> {
    await this.db.message.update({ where: { id }, data: { status: 'streaming', content: '', error: null } });
  }

  async savePartialAnswer(id: string, content: string): Promise<void> {
    await this.db.message.update({ where: { id }, data: { content } });
  }

  async storeAnswer(id: string, answer: StoredAnswer): Promise<void> {
    await this.db.message.update({
      where: { id },
      data: {
        content: answer.content,
        status: 'done',
        error: null,
        searchResults: json(answer.searchResults),
        llmRequest: json(answer.llmRequest),
        timings: json(answer.timings),
        processingTimeMs: answer.processingTimeMs,
        promptTokens: answer.promptTokens,
        completionTokens: answer.completionTokens,
        totalTokens: answer.totalTokens,
        templateId: answer.templateId,
      },
    });
  }

  async endAnswer(id: string, status: 'failed' | 'cancelled', error: string | null): Promise<void> {
    await this.db.message.update({ where: { id }, data: { status, error } });
  }

  async lockForRating(id: string): Promise<RateableMessage | null> {
    const [message] = await this.db.$queryRaw<RateableMessage[]>`
      SELECT rating, feedback, template_id AS "templateId", role::text AS role, status::text AS status
      FROM messages WHERE id = ${id}::uuid FOR UPDATE`;
    return message ?? null;
  }

  async rate(id: string, { rating, feedback }: { rating: number | null; feedback: string | null }): Promise<void> {
    await this.db.message.update({ where: { id }, data: { rating, feedback } });
  }

  async removeAll(conversationId: string): Promise<number> {
    return (await this.db.message.deleteMany({ where: { conversationId } })).count;
  }
}
