import { type Caller, isUuid } from '@assistants/common';
import type { Assistant } from '@assistants/db';
import type { MessageRecord } from '@assistants/domain';
import { ForbiddenException, HttpException, Injectable, NotFoundException } from '@nestjs/common';
import { AssistantsService } from '../assistants/assistants.service';
import { type AcceptedTurn, ChatService } from '../chat/chat.service';
import { ConversationsService } from '../conversations/conversations.service';
import { PrismaService } from '../database/prisma.service';
import { type AppStores, InjectStores } from '../database/stores.module';
import { completionIds, type CompletionIds, toCompletion, toModelView } from './completion.view';
import { type ChatCompletionRequest, checkConversationId } from './dto/chat-completion.dto';
import { OpenAiError } from '../common/errors';
import { type TurnWatch, TurnWatcher } from './turn-watcher';

const MAX_MODELS = 1000;
const TITLE_LENGTH = 80;

/** A turn that has been accepted and is being followed. */
export interface StartedTurn {
  turn: AcceptedTurn;
  watch: TurnWatch;
  ids: CompletionIds;
}

/** Titles a new conversation after its first question, on one line. */
export function titleFrom(question: string): string {
  const line = question.replace(/\s+/g, ' ').trim();
  return line.length <= TITLE_LENGTH ? line : `${line.slice(0, TITLE_LENGTH - 1).trimEnd()}…`;
}

/**
 * The OpenAI-compatible face of assistants and chat turns. Turns are the very
 * ones of POST /api/conversations/:id/messages (ChatService.send): same workflow,
 * same storage, same access rules.
 */
@Injectable()
export class OpenAiService {
  constructor(
    private readonly prisma: PrismaService,
    @InjectStores() private readonly stores: AppStores,
    private readonly assistants: AssistantsService,
    private readonly conversations: ConversationsService,
    private readonly chat: ChatService,
    private readonly watcher: TurnWatcher,
  ) {}

  async listModels(caller: Caller) {
    const rows = await this.prisma.client.assistant.findMany({
      where: this.assistants.visibleTo(caller),
      orderBy: [{ name: 'asc' }, { id: 'asc' }],
      take: MAX_MODELS,
    });
    return { object: 'list' as const, data: rows.map(toModelView) };
  }

  async getModel(caller: Caller, id: string) {
    return toModelView(await this.findModel(caller, id));
  }

  /** An assistant the caller may use; any other id is "not found", so private assistants are not revealed. */
  private async findModel(caller: Caller, id: string): Promise<Assistant> {
    try {
      if (isUuid(id)) return await this.assistants.findOrFail(caller, id.toLowerCase());
    } catch (error) {
      if (!(error instanceof NotFoundException || error instanceof ForbiddenException)) throw error;
    }
    throw new OpenAiError(404, `The model ${JSON.stringify(id.slice(0, 100))} does not exist or you do not have access to it.`, 'model_not_found', 'model');
  }

  /** Stores the question (and, for a new conversation, the client's earlier messages) and starts the turn. */
  async start(caller: Caller, request: ChatCompletionRequest, idempotencyKey?: string): Promise<StartedTurn> {
    const assistant = await this.findModel(caller, request.model);
    const conversationId = request.conversationId
      ? await this.continued(caller, assistant, checkConversationId(request.conversationId))
      : await this.started(caller, assistant, request);
    const watch = this.watcher.open(conversationId);
    try {
      const turn = await this.chat.send(caller, conversationId, { content: request.question }, request.conversationId ? idempotencyKey : undefined);
      const answer = { id: turn.assistantMessageId, createdAt: new Date(turn.userMessage.createdAt) };
      return { turn, watch, ids: completionIds(answer, assistant.id, conversationId) };
    } catch (error) {
      watch.close();
      throw error;
    }
  }

  /** The stored answer once its turn has ended; a failed or cancelled turn is an error. */
  async answer(started: StartedTurn, status: string): Promise<MessageRecord> {
    const message = await this.stores.messages.get(started.turn.assistantMessageId);
    if (status === 'done') return message;
    if (status === 'cancelled') throw new OpenAiError(409, 'The turn was cancelled before the answer was complete.', 'turn_cancelled');
    throw new OpenAiError(
      502,
      `The assistant could not answer: ${message.error ?? 'the turn failed'}. Retry with POST /api/tasks/${started.turn.taskId}/retry.`,
      'turn_failed',
    );
  }

  async completion(started: StartedTurn, status: string) {
    return toCompletion(started.ids, await this.answer(started, status));
  }

  private async continued(caller: Caller, assistant: Assistant, id: string): Promise<string> {
    let conversation;
    try {
      conversation = await this.conversations.findWithAssistantOrFail(caller, id);
    } catch (error) {
      if (!(error instanceof HttpException) || ![403, 404].includes(error.getStatus())) throw error;
      throw new OpenAiError(404, `No conversation has id ${id}.`, 'conversation_not_found', 'conversation_id');
    }
    if (conversation.assistantId !== assistant.id) {
      throw new OpenAiError(400, `Conversation ${id} belongs to model ${conversation.assistantId}, not ${assistant.id}.`, 'model_mismatch', 'conversation_id');
    }
    return id;
  }

  /**
   * A new conversation, titled from the question. The client's earlier messages become
   * its history, stored just before the question so the turn's prompt includes them.
   * System messages are kept for the record but never replace the assistant's own instructions
   * (the prompt only takes user and assistant history; the assistant's system prompt governs).
   */
  private async started(caller: Caller, assistant: Assistant, request: ChatCompletionRequest): Promise<string> {
    const { id } = await this.conversations.create(caller, { assistantId: assistant.id, title: titleFrom(request.question) });
    const history = request.history;
    if (history.length) {
      // Strictly before the question, which ChatService stores at "now".
      const base = Date.now() - history.length - 1;
      await this.stores.transaction(async ({ messages }, tx) => {
        await messages.appendHistory(id, history, new Date(base));
        await tx.conversation.update({
          where: { id },
          data: { messageCount: { increment: history.length }, lastMessageAt: new Date(base + history.length - 1) },
        });
      });
    }
    return id;
  }
}
