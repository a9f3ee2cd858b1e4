import type { Caller, ConversationShareView, CreatedShareView, SharedConversationView, SharedMessageView, SharedSourceView } from '@assistants/common';
import { PostgresConversationShareStore } from '@assistants/adapters';
import type { ConversationShare, Message } from '@assistants/db';
import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { assertShareAccess } from '../common/access';
import { problemText } from '../common/errors';
import { PrismaService } from '../database/prisma.service';
import { ConversationsService } from '../conversations/conversations.service';
import type { CreateShareDto } from './dto/share.dto';
import { hashShareToken, isShareToken, newShareToken } from './share-token';

/** Links one conversation may have at once. */
export const MAX_SHARES_PER_CONVERSATION = 20;
/** Messages a shared page shows, the first ones (a longer conversation says it is cut). */
export const MAX_SHARED_MESSAGES = 500;
const MAX_SOURCE_TEXT = 1000;

const shareView = (share: ConversationShare): ConversationShareView => ({ id: share.id, audience: share.audience, createdAt: share.createdAt.toISOString() });

@Injectable()
export class SharesService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly store: PostgresConversationShareStore,
    private readonly conversations: ConversationsService,
  ) {}

  /** Only the conversation's owner makes a link; the token is in this answer only. */
  async create(caller: Caller, conversationId: string, dto: CreateShareDto): Promise<CreatedShareView> {
    await this.conversations.findOrFail(caller, conversationId, 'write');
    const { token, hash } = newShareToken();
    const share = await this.store.create(conversationId, hash, dto.audience ?? 'signed_in', MAX_SHARES_PER_CONVERSATION);
    if (!share) throw new ConflictException(problemText('share.too_many', { max: MAX_SHARES_PER_CONVERSATION }));
    return { ...shareView(share), token, url: `/shared/${token}` };
  }

  async list(caller: Caller, conversationId: string): Promise<ConversationShareView[]> {
    await this.conversations.findOrFail(caller, conversationId, 'write');
    return (await this.store.list(conversationId)).map(shareView);
  }

  async revoke(caller: Caller, conversationId: string, shareId: string): Promise<void> {
    await this.conversations.findOrFail(caller, conversationId, 'write');
    if (!(await this.store.remove(conversationId, shareId))) throw new NotFoundException(problemText('share.not_found'));
  }

  /** The read-only view a link opens: the chosen branch's questions and answers with their sources, nothing sent to the model. */
  async open(caller: Caller | null, token: string): Promise<SharedConversationView> {
    const share = assertShareAccess(isShareToken(token) ? await this.store.findByHash(hashShareToken(token)) : null, caller);
    const conversation = await this.prisma.client.conversation.findUnique({
      where: { id: share.conversationId },
      select: { title: true, status: true, createdAt: true, assistant: { select: { name: true } } },
    });
    // A deleted conversation's links are removed with it; this covers a link read in between.
    if (!conversation || conversation.status === 'deleted') throw new NotFoundException(problemText('share.not_found'));
    const rows = await this.prisma.client.message.findMany({
      where: { conversationId: share.conversationId, active: true, role: { in: ['user', 'assistant'] } },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: MAX_SHARED_MESSAGES + 1,
      select: { id: true, role: true, content: true, status: true, createdAt: true, searchResults: true },
    });
    return {
      title: conversation.title,
      assistantName: conversation.assistant.name,
      createdAt: conversation.createdAt.toISOString(),
      audience: share.audience,
      messages: rows.slice(0, MAX_SHARED_MESSAGES).map(sharedMessage),
      truncated: rows.length > MAX_SHARED_MESSAGES,
    };
  }
}

function sharedMessage(m: Pick<Message, 'id' | 'role' | 'content' | 'status' | 'createdAt' | 'searchResults'>): SharedMessageView {
  return {
    id: m.id,
    role: m.role === 'assistant' ? 'assistant' : 'user',
    content: m.content,
    status: m.status,
    createdAt: m.createdAt.toISOString(),
    sources: sourcesOf(m.searchResults),
  };
}

/** Citation, file, page and passage: never scores, chunk or document ids, or the search legs. */
function sourcesOf(searchResults: unknown): SharedSourceView[] {
  if (!Array.isArray(searchResults)) return [];
  return searchResults.map((raw: Record<string, unknown>, i) => {
    const page = (raw?.metadata as Record<string, unknown> | undefined)?.page;
    const text = typeof raw?.text === 'string' ? raw.text : '';
    return {
      citation: typeof raw?.citation === 'number' ? raw.citation : i + 1,
      filename: typeof raw?.filename === 'string' ? raw.filename : '',
      page: typeof page === 'number' && Number.isInteger(page) && page > 0 ? page : null,
      text: text.length > MAX_SOURCE_TEXT ? `${text.slice(0, MAX_SOURCE_TEXT)}…` : text,
    };
  });
}
