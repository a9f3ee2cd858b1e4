import { type AcceptedTurnView, type Caller, unfilledVariables } from '@assistants/common';
import { Prisma, sqlStateOf } from '@assistants/db';
import type { MessageRecord, MessageStore, TaskRecord } from '@assistants/domain';
import type { SqlStatements } from '@assistants/db';
import { chatTurnWorkflowId } from '@assistants/workflows';
import { chooseTemplateVersion, type WorkflowRunner } from '@assistants/runtime';
import { BadRequestException, ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { codedMessage, problemText } from '../common/errors';
import { ValidationProblem } from '../common/validation';
import { toMessageView, versionsOf } from '../conversations/conversation.view';
import { ConversationsService } from '../conversations/conversations.service';
import { PrismaService } from '../database/prisma.service';
import { type AppStores, InjectStores } from '../database/stores.module';
import { TemplatesService } from '../templates/templates.service';
import { InjectRunner } from '../runtime/runtime.module';
import type { SendMessageDto } from './dto/chat.dto';
import { TasksService, turnRef } from '../tasks/tasks.service';

/** What a request on a row removed meanwhile answers (as Prisma's "record not found" did). */
const GONE = problemText('resource.gone');

const isUniqueViolation = (error: unknown) =>
  sqlStateOf(error) === '23505' || (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002');

/** The answer to sending a message; declared in libs/common with the other views. */
export type AcceptedTurn = AcceptedTurnView;

@Injectable()
export class ChatService {
  constructor(
    private readonly prisma: PrismaService,
    @InjectStores() private readonly stores: AppStores,
    private readonly conversations: ConversationsService,
    private readonly templates: TemplatesService,
    private readonly tasks: TasksService,
    @InjectRunner() private readonly runner: WorkflowRunner,
  ) {}

  /** Stores the user's message first (it is never lost), then starts the durable turn that answers it. */
  async send(caller: Caller, conversationId: string, dto: SendMessageDto, idempotencyKey?: string): Promise<AcceptedTurn> {
    const conversation = await this.conversations.findWithAssistantOrFail(caller, conversationId);
    if (conversation.status !== 'active') throw new ConflictException(problemText('conversation.archived'));
    const { assistant } = conversation;
    const key = idempotencyKey ?? dto.clientMessageId;
    if (key) {
      // A retried POST gets the turn it made, even if its template was withdrawn since (the turn re-checks it when it runs).
      const earlier = await this.findTurn(conversationId, key);
      if (earlier) return earlier;
    }
    // Values sent now come on top of those the conversation keeps from earlier messages.
    const variables = { ...((conversation.templateVariables as Record<string, string> | null) ?? {}), ...dto.variables };
    // Left out: the assistant's default; null: none for this message.
    const templateId = dto.templateId === undefined ? assistant.defaultTemplateId : dto.templateId;
    if (templateId) await this.checkTemplate(caller, assistant.id, templateId, dto.templateId === undefined ? null : caller.id, variables);
    // Edit and resend: the new question takes the place of the one it replaces, as its sibling.
    const edited = dto.editOf ? await this.onBranch(conversationId, dto.editOf, 'user') : null;
    const parent = edited?.parentId ? await this.stores.messages.get(edited.parentId) : null;

    const userMessageId = randomUUID();
    const assistantMessageId = randomUUID();
    const taskId = chatTurnWorkflowId(conversationId, userMessageId);
    const now = Date.now();
    let created: { task: TaskRecord; message: MessageRecord };
    try {
      // On the database's own connection: this is the hot path of every turn.
      created = await this.stores.sqlTransaction(async ({ messages, tasks }, sql) => {
        // Both rows made here count now, whatever becomes of the answer.
        await countTurnRows(sql, { assistantId: assistant.id, conversationId, rows: 2, at: new Date(now), variables: dto.variables ? variables : null });
        if (edited) await leaveBranch(messages, sql, conversationId, parent);
        // The answer's row exists from the start, so partial text and failures have a place to go.
        const message = await messages.appendTurn({
          conversationId,
          userMessageId,
          assistantMessageId,
          content: dto.content,
          clientMessageId: key ?? null,
          at: new Date(now),
          ...(edited && { parentId: edited.parentId }),
        });
        const task = await tasks.startChatTurn({
          id: taskId,
          userId: caller.id,
          assistantId: assistant.id,
          conversationId,
          userMessageId,
          assistantMessageId,
          input: { ...(dto.templateId !== undefined && { templateId: dto.templateId }), ...(Object.keys(variables).length && { variables }) },
          runner: this.runner.kind,
        });
        return { task, message };
      });
    } catch (error) {
      // Two requests with one idempotency key raced: the other one made the turn.
      if (key && isUniqueViolation(error)) {
        const earlier = await this.findTurn(conversationId, key);
        if (earlier) return earlier;
      }
      throw error;
    }

    const memo = { assistant: assistant.name, user: caller.email, conversation: conversation.title };
    const input = { ...(dto.templateId !== undefined && { templateId: dto.templateId }), variables };
    await this.tasks.launch(created.task, false, memo, turnRef(created.task, created.message, assistant, input));
    return this.accepted(created.task, created.message, true);
  }

  /**
   * Regenerate: a new answer to the same question, its own turn (chat-<conversation>-<new answer>),
   * written from the same history; the answer it replaces stays as a version.
   */
  async regenerate(caller: Caller, conversationId: string, answerId: string): Promise<AcceptedTurn> {
    const conversation = await this.conversations.findWithAssistantOrFail(caller, conversationId);
    if (conversation.status !== 'active') throw new ConflictException(problemText('conversation.archived'));
    const { assistant } = conversation;
    const answer = await this.stores.messages.find(answerId);
    if (!answer || answer.conversationId !== conversationId || answer.role !== 'assistant' || !answer.replyToId) {
      throw new BadRequestException(problemText('answers.not_an_answer'));
    }
    if (answer.status === 'pending' || answer.status === 'streaming') throw new ConflictException(problemText('answers.still_writing'));
    const question = await this.onBranch(conversationId, answer.replyToId, 'user');
    // The same template and variables as the answer it replaces.
    const earlier =
      (await this.stores.tasks.find(chatTurnWorkflowId(conversationId, answer.id))) ??
      (await this.stores.tasks.find(chatTurnWorkflowId(conversationId, question.id)));
    const input = (earlier?.input ?? {}) as { templateId?: string; variables?: Record<string, string> };
    const assistantMessageId = randomUUID();
    const taskId = chatTurnWorkflowId(conversationId, assistantMessageId);
    const task = await this.stores.sqlTransaction(async ({ messages, tasks }, sql) => {
      // The new answer's row counts now.
      await countTurnRows(sql, { assistantId: assistant.id, conversationId, rows: 1, at: new Date(), variables: null });
      await leaveBranch(messages, sql, conversationId, question);
      await messages.appendAnswer({ conversationId, questionId: question.id, assistantMessageId, at: new Date() });
      return tasks.startChatTurn({
        id: taskId,
        userId: caller.id,
        assistantId: assistant.id,
        conversationId,
        userMessageId: question.id,
        assistantMessageId,
        input: { ...(input.templateId && { templateId: input.templateId }), ...(input.variables && { variables: input.variables }) },
        runner: this.runner.kind,
      });
    });
    const memo = { assistant: assistant.name, user: caller.email, conversation: conversation.title };
    await this.tasks.launch(task, false, memo, turnRef(task, question, assistant, input));
    return this.accepted(task, question, true);
  }

  /** Shows this version of a message, and after it the newest continuation of that version. */
  async chooseVersion(caller: Caller, conversationId: string, messageId: string): Promise<void> {
    await this.conversations.findWithAssistantOrFail(caller, conversationId);
    const message = await this.stores.messages.find(messageId);
    if (!message || message.conversationId !== conversationId) throw new BadRequestException(problemText('answers.not_a_message'));
    if (message.active) return;
    const parent = message.parentId ? await this.onBranch(conversationId, message.parentId) : null;
    await this.stores.sqlTransaction(async ({ messages }, sql) => {
      await sql.query(`SELECT 1 FROM conversations WHERE id = $1 FOR UPDATE`, [conversationId]);
      await leaveBranch(messages, sql, conversationId, parent);
      await messages.joinBranch(message.id);
    });
  }

  /** A message of this conversation, on the branch shown (409 otherwise: the client shows another). */
  private async onBranch(conversationId: string, id: string, role?: 'user'): Promise<MessageRecord> {
    const message = await this.stores.messages.find(id);
    if (!message || message.conversationId !== conversationId || (role && message.role !== role)) {
      throw new BadRequestException(problemText(role ? 'answers.not_a_question' : 'answers.not_a_message'));
    }
    if (!message.active) throw new ConflictException(problemText('answers.not_on_branch'));
    return message;
  }

  /**
   * The rule the turn applies again when it runs (templateForTurn), as answers now: for a template
   * the sender picked 404, 403, or 400 for one the assistant does not link (the assistant's default,
   * `senderId` null, is left out when unusable, as the turn does). Either way 400 when the version
   * the turn would use still has variables without a value: the model never gets a raw {{office}}.
   */
  private async checkTemplate(caller: Caller, assistantId: string, templateId: string, senderId: string | null, variables: Record<string, string>) {
    if (senderId) await this.templates.findOrFail(caller, templateId);
    const decision = await chooseTemplateVersion(this.prisma.client, { assistantId, templateId, senderId });
    if ('refused' in decision) {
      if (!senderId) return;
      const template = decision.template ?? '';
      if (decision.refused === 'unlinked')
        throw new ValidationProblem([{ field: 'templateId', messages: [decision.reason], code: 'template.not_linked', params: { template } }]);
      throw decision.refused === 'gone'
        ? new NotFoundException(codedMessage('template.deleted', {}, decision.reason))
        : new ForbiddenException(codedMessage('template.no_longer_shared', { template }, decision.reason));
    }
    const unfilled = unfilledVariables(decision.use.promptText, variables);
    if (unfilled.length)
      throw new BadRequestException(
        problemText('template.unfilled_variables', { template: decision.use.name, names: unfilled.join(', '), count: unfilled.length }),
      );
  }

  private async findTurn(conversationId: string, key: string): Promise<AcceptedTurn | null> {
    const message = await this.stores.messages.findByClientKey(conversationId, key);
    if (!message) return null;
    const task = await this.stores.tasks.get(chatTurnWorkflowId(conversationId, message.id));
    return this.accepted(task, message, false);
  }

  private async accepted(task: TaskRecord, message: MessageRecord, created: boolean): Promise<AcceptedTurn> {
    const versions = versionsOf(await this.stores.messages.versions(message.conversationId, [message.parentId]));
    return {
      taskId: task.id,
      status: task.status,
      conversationId: message.conversationId,
      // A user message carries no llmRequest: nothing to show or hide.
      userMessage: toMessageView(message, false, versions(message)),
      assistantMessageId: task.assistantMessageId!,
      created,
      links: { task: `/api/tasks/${task.id}`, messages: `/api/conversations/${message.conversationId}/messages` },
    };
  }
}

/**
 * Counts a turn's new message rows on its assistant and conversation (counters count stored rows).
 * Rows are locked in one order everywhere (assistant, then conversation) so concurrent turns cannot
 * deadlock; a conversation deleted or archived since it was read counts nothing (404, and the
 * transaction rolls back). `variables`, when given, become the conversation's kept template values.
 */
async function countTurnRows(
  sql: SqlStatements,
  turn: { assistantId: string; conversationId: string; rows: number; at: Date; variables: Record<string, string> | null },
): Promise<void> {
  const [counted] = await sql.query(`UPDATE assistants SET total_messages = total_messages + $2, updated_at = $3 WHERE id = $1 RETURNING id`, [
    turn.assistantId,
    turn.rows,
    new Date(),
  ]);
  if (!counted) throw new NotFoundException(GONE);
  const [touched] = await sql.query(
    `UPDATE conversations SET message_count = message_count + $2, last_message_at = $3, updated_at = $4,
       template_variables = COALESCE($5::jsonb, template_variables) WHERE id = $1 AND status = 'active' RETURNING id`,
    [turn.conversationId, turn.rows, turn.at, new Date(), turn.variables ? JSON.stringify(turn.variables) : null],
  );
  if (!touched) throw new NotFoundException(GONE);
}

/**
 * Takes what follows `after` (null: everything) off the chosen branch, inside the caller's
 * transaction, and drops the running summary when it covered messages that left.
 */
async function leaveBranch(messages: MessageStore, sql: SqlStatements, conversationId: string, after: MessageRecord | null): Promise<void> {
  const kept = after ? (await messages.positionOnBranch(conversationId, after)) + 1 : 0;
  await messages.leaveBranch(conversationId, after);
  await sql.query(`UPDATE conversations SET context_summary = NULL, summarized_count = 0 WHERE id = $1 AND summarized_count > $2`, [conversationId, kept]);
}
