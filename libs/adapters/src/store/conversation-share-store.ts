import type { ConversationShare, Prisma, ShareAudience } from '@assistants/db';

/** Share links of conversations: the only code that writes conversation_shares. */
export class PostgresConversationShareStore {
  constructor(private readonly db: Prisma.TransactionClient) {}

  /** A new link, unless the conversation already has `max`: null then. Counted under a lock of the conversation, so two requests cannot both pass. */
  async create(conversationId: string, tokenHash: string, audience: ShareAudience, max: number): Promise<ConversationShare | null> {
    const [row] = await this.db.$queryRaw<{ made: string | null }[]>`
      WITH locked AS (SELECT id FROM conversations WHERE id = ${conversationId}::uuid FOR UPDATE),
      made AS (
        INSERT INTO conversation_shares (id, conversation_id, token_hash, audience)
        SELECT gen_random_uuid(), locked.id, ${tokenHash}, ${audience}::"ShareAudience" FROM locked
        WHERE (SELECT count(*) FROM conversation_shares WHERE conversation_id = ${conversationId}::uuid) < ${max}
        RETURNING id
      )
      SELECT (SELECT id FROM made) AS made`;
    if (!row?.made) return null;
    return this.db.conversationShare.findUnique({ where: { id: row.made } });
  }

  list(conversationId: string): Promise<ConversationShare[]> {
    return this.db.conversationShare.findMany({ where: { conversationId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  }

  findByHash(tokenHash: string): Promise<ConversationShare | null> {
    return this.db.conversationShare.findUnique({ where: { tokenHash } });
  }

  /** Revokes one link of the conversation; false when it has no such link. */
  async remove(conversationId: string, id: string): Promise<boolean> {
    const { count } = await this.db.conversationShare.deleteMany({ where: { id, conversationId } });
    return count > 0;
  }

  /** Every link of a conversation goes when it is deleted (a soft delete keeps the row, so the foreign key alone would not). */
  async removeAll(conversationId: string): Promise<number> {
    const { count } = await this.db.conversationShare.deleteMany({ where: { conversationId } });
    return count;
  }
}
