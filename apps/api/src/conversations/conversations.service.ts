import { PostgresConversationShareStore } from '@assistants/adapters';
import type { Caller, ConversationNeed, CursorPage } from '@assistants/common';
import type { Assistant, Conversation, Prisma } from '@assistants/db';
import { Injectable } from '@nestjs/common';
import { AssistantsService } from '../assistants/assistants.service';
import { assertAccess, assertConversationAccess } from '../common/access';
import { PrismaService } from '../database/prisma.service';
import { type AppStores, InjectStores } from '../database/stores.module';
import { ConversationQuota } from './conversation-quota';
import { searchConversations, toSnippet } from './conversation-search';
import { readConversationWithAssistant } from './conversation-with-assistant';
import { ApiInstancesEvents } from '../runtime/api-instances-events';
import { toConversationView, toMessageView, versionsOf } from './conversation.view';
import type { CreateConversationDto, ListConversationsQueryDto, ListMessagesQueryDto, UpdateConversationDto } from './dto/conversation.dto';
import { decodeCursor, encodeCursor } from './message-cursor';

@Injectable()
export class ConversationsService {
  constructor(
    private readonly prisma: PrismaService,
    @InjectStores() private readonly stores: AppStores,
    private readonly assistants: AssistantsService,
    private readonly quota: ConversationQuota,
    private readonly instances: ApiInstancesEvents,
  ) {}

  /** A conversation belongs to the user who started it; admins may read all (`need` 'read'). Deleted ones are gone. */
  async findOrFail(caller: Caller, id: string, need: ConversationNeed = 'write'): Promise<Conversation> {
    return this.checked(caller, id, await this.prisma.client.conversation.findUnique({ where: { id } }), need);
  }

  /** The conversation and its assistant in one query, both checked: what sending a message needs. */
  async findWithAssistantOrFail(caller: Caller, id: string): Promise<Conversation & { assistant: Assistant }> {
    const row = this.checked(caller, id, await readConversationWithAssistant(this.prisma.db.sql, id));
    assertAccess(row.assistant, caller, 'read', 'assistant', row.assistantId);
    return row;
  }

  private checked<T extends Conversation>(caller: Caller, id: string, row: T | null, need: ConversationNeed = 'write'): T {
    return assertConversationAccess(row && row.status !== 'deleted' ? row : null, caller, need, 'conversation', id);
  }

  /** The one way a conversation starts (REST and /v1), within the caller's daily quota. */
  async create(caller: Caller, dto: CreateConversationDto) {
    await this.assistants.findOrFail(caller, dto.assistantId);
    const conversation = await this.prisma.client.$transaction(async (tx) => {
      await this.quota.take(tx, caller.id);
      // Untitled is stored as '' (not an English "New conversation"): each client shows its own placeholder in the reader's language.
      const created = await tx.conversation.create({ data: { assistantId: dto.assistantId, userId: caller.id, title: dto.title ?? '' } });
      await tx.assistant.update({ where: { id: dto.assistantId }, data: { totalConversations: { increment: 1 } } });
      return created;
    });
    return toConversationView(conversation);
  }

  /** The caller's own conversations: pinned first (the latest pinned first), then newest activity first. */
  async list(caller: Caller, query: ListConversationsQueryDto) {
    if (query.search) return this.search(caller, query, query.search);
    const where: Prisma.ConversationWhereInput = {
      userId: caller.id,
      status: query.status,
      ...(query.assistantId && { assistantId: query.assistantId }),
      ...(query.tag && { tags: { has: query.tag } }),
    };
    const [rows, total] = await Promise.all([
      this.prisma.client.conversation.findMany({
        where,
        orderBy: [{ pinnedAt: { sort: 'desc', nulls: 'last' } }, { updatedAt: 'desc' }, { id: 'asc' }],
        take: query.limit,
        skip: query.offset,
      }),
      this.prisma.client.conversation.count({ where }),
    ]);
    return { items: rows.map(toConversationView), total, limit: query.limit, offset: query.offset };
  }

  /** ?search=: the caller's own conversations whose title or messages match, each with its snippet, paged as the list. */
  private async search(caller: Caller, query: ListConversationsQueryDto, search: string) {
    const filter = { userId: caller.id, status: query.status, assistantId: query.assistantId, tag: query.tag, search };
    const { hits, total } = await searchConversations(this.prisma.client, filter, { limit: query.limit, offset: query.offset });
    const rows = new Map((await this.prisma.client.conversation.findMany({ where: { id: { in: hits.map((h) => h.id) } } })).map((r) => [r.id, r]));
    const items = hits.flatMap((hit) => {
      const row = rows.get(hit.id);
      return row ? [{ ...toConversationView(row), snippet: toSnippet(hit.headline) }] : [];
    });
    return { items, total, limit: query.limit, offset: query.offset };
  }

  async get(caller: Caller, id: string) {
    return toConversationView(await this.findOrFail(caller, id, 'read'));
  }

  async update(caller: Caller, id: string, dto: UpdateConversationDto) {
    const current = await this.findOrFail(caller, id);
    const { pinned, ...data } = dto;
    // Pinning again keeps the first pin time, so re-sending a PATCH does not reorder the pinned ones; a pin alone
    // is no activity: updated_at (the list's order after the pins) stays.
    const pinnedAt = pinned === undefined ? undefined : pinned ? (current.pinnedAt ?? new Date()) : null;
    const pinOnly = pinnedAt !== undefined && Object.values(data).every((v) => v === undefined);
    return toConversationView(
      await this.prisma.client.conversation.update({
        where: { id },
        data: { ...data, ...(pinnedAt !== undefined && { pinnedAt }), ...(pinOnly && { updatedAt: current.updatedAt }) },
      }),
    );
  }

  /**
   * Soft delete: the row stays for audit, but no one sees it any more, and the assistant's
   * statistics (what exists now, see docs/api.md "Statistics") lose it and its messages.
   */
  async remove(caller: Caller, id: string): Promise<void> {
    const { assistantId } = await this.findOrFail(caller, id);
    await this.prisma.client.$transaction(async (tx) => {
      // Locked as a new message locks them (assistant, then conversation): its count is final while it is subtracted.
      await tx.$executeRaw`SELECT 1 FROM assistants WHERE id = ${assistantId}::uuid FOR UPDATE`;
      const [row] = await tx.$queryRaw<{ status: string; messageCount: number }[]>`
        SELECT status::text AS status, message_count AS "messageCount" FROM conversations WHERE id = ${id}::uuid FOR UPDATE`;
      // Deleted meanwhile by a concurrent request: counted out once only.
      if (!row || row.status === 'deleted') return;
      await tx.conversation.update({ where: { id }, data: { status: 'deleted' } });
      // Its share links stop working with it (the soft delete keeps the row, so the foreign key would not remove them).
      await new PostgresConversationShareStore(tx).removeAll(id);
      await tx.assistant.update({
        where: { id: assistantId },
        data: { totalConversations: { decrement: 1 }, totalMessages: { decrement: row.messageCount } },
      });
    });
    // Its attached files go now (their chunks and vectors with them): only the conversation row stays for audit.
    await this.stores.documents.removeForConversation(id);
    // Its open subscriptions (the owner's, admins') end on every instance, with a word to each socket.
    this.instances.publish({ type: 'access.changed', conversationId: id });
  }

  /** Removes every message; the counters lose exactly the rows removed (see docs/api.md, "Statistics"). */
  async clear(caller: Caller, id: string) {
    const { assistantId } = await this.findOrFail(caller, id);
    const conversation = await this.stores.transaction(async ({ messages }, tx) => {
      // Lock as a new message does (assistant, then conversation): no turn can add rows between the count and the delete.
      await tx.$executeRaw`SELECT 1 FROM assistants WHERE id = ${assistantId}::uuid FOR UPDATE`;
      await tx.$executeRaw`SELECT 1 FROM conversations WHERE id = ${id}::uuid FOR UPDATE`;
      const removed = await messages.removeAll(id);
      await tx.assistant.update({ where: { id: assistantId }, data: { totalMessages: { decrement: removed } } });
      return tx.conversation.update({
        where: { id },
        data: { messageCount: 0, contextSummary: null, summarizedCount: 0, lastMessageAt: null },
      });
    });
    // Clearing starts afresh: the attached files go with the messages.
    await this.stores.documents.removeForConversation(id);
    return toConversationView(conversation);
  }

  async listMessages(caller: Caller, id: string, query: ListMessagesQueryDto): Promise<CursorPage<ReturnType<typeof toMessageView>>> {
    const { assistantId } = await this.findOrFail(caller, id, 'read');
    const promptVisible = await this.assistants.showsPromptTo(caller, assistantId);
    const cursor = query.cursor ? decodeCursor(query.cursor) : null;
    const rows = await this.stores.messages.page(id, { order: query.order, after: cursor, limit: query.limit + 1 });
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    const versions = versionsOf(
      await this.stores.messages.versions(
        id,
        page.map((m) => m.parentId),
      ),
    );
    return { items: page.map((m) => toMessageView(m, promptVisible, versions(m))), nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null };
  }
}
