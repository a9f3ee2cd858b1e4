import { type Caller, type ConversationNeed, isTaskId } from '@assistants/common';
import type { AppConfig } from '@assistants/config';
import type { Assistant } from '@assistants/db';
import { type MessageRecord, type TaskRecord, isTaskEnded } from '@assistants/domain';
import { type ChatTurnInput, type TurnRef, type IngestInput, type ReindexAssistantInput, WORKFLOW_TYPES } from '@assistants/workflows';
import { llmCallSettings, type WorkflowRunner } from '@assistants/runtime';
import { ConflictException, Injectable, Logger, NotFoundException, type OnApplicationBootstrap, ServiceUnavailableException } from '@nestjs/common';
import { AssistantsService } from '../assistants/assistants.service';
import { assertAccess, assertConversationAccess } from '../common/access';
import { InjectConfig } from '../config/config.module';
import { PrismaService } from '../database/prisma.service';
import { type AppStores, InjectStores } from '../database/stores.module';
import { InjectRunner } from '../runtime/runtime.module';
import { toTaskView } from './task.view';
import { codedMessage, problemText } from '../common/errors';

/** Durable tasks as clients see them: status, cancel, retry; and the one place workflows are started. */
@Injectable()
export class TasksService implements OnApplicationBootstrap {
  private readonly logger = new Logger(TasksService.name);

  constructor(
    private readonly prisma: PrismaService,
    @InjectStores() private readonly stores: AppStores,
    private readonly assistants: AssistantsService,
    @InjectRunner() private readonly runner: WorkflowRunner,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /** Embedded runs live in this process: ones cut short by a restart carry on from their last finished step. */
  async onApplicationBootstrap(): Promise<void> {
    if (this.runner.kind !== 'embedded') return;
    const all = await this.stores.tasks.listUnfinished('embedded');
    // A document's re-index started by an assistant's re-index runs inside that one, which resumes it.
    const ids = new Set(all.map((task) => task.id));
    const unfinished = all.filter((task) => !ids.has((task.input as { parent?: string } | null)?.parent ?? ''));
    for (const task of unfinished) await this.launch(task).catch((error) => this.logger.warn(`could not resume ${task.id}: ${error}`));
    if (unfinished.length) this.logger.log(`resumed ${unfinished.length} unfinished task(s)`);
  }

  /** Chat turns follow the conversation rule (admins read, only the owner cancels or retries). */
  async findOrFail(caller: Caller, id: string, need: ConversationNeed = 'write'): Promise<TaskRecord> {
    const task = isTaskId(id) ? await this.stores.tasks.find(id) : null;
    if (!task) throw new NotFoundException(problemText('resource.id_unknown', { kind: 'task', id: JSON.stringify(id.slice(0, 100)) }));
    if (task.kind === 'chat') return assertConversationAccess(task, caller, need, 'task', id);
    return assertAccess({ ...task, ownerId: task.userId, isPublic: false }, caller, 'edit', 'task', id);
  }

  async get(caller: Caller, id: string) {
    return this.view(caller, await this.findOrFail(caller, id, 'read'));
  }

  async view(caller: Caller, task: TaskRecord) {
    const [message, document, promptVisible] = await Promise.all([
      task.assistantMessageId ? this.stores.messages.find(task.assistantMessageId) : undefined,
      task.documentId ? this.stores.documents.find(task.documentId) : undefined,
      task.assistantMessageId ? this.assistants.showsPromptTo(caller, task.assistantId) : false,
    ]);
    return toTaskView(task, { message, document }, promptVisible);
  }

  async cancel(caller: Caller, id: string) {
    const task = await this.findOrFail(caller, id);
    if (isTaskEnded(task.status)) throw new ConflictException(problemText('task.already_ended', { id, status: task.status }));
    const running = await this.runner.cancel(id);
    if (!running) {
      // Nothing runs it (it never started): record the cancellation ourselves.
      await this.markEnded(task, 'cancelled', 'Cancelled before it started.');
    }
    return this.view(caller, await this.stores.tasks.get(id));
  }

  async retry(caller: Caller, id: string) {
    const task = await this.findOrFail(caller, id);
    if (!['failed', 'cancelled'].includes(task.status)) throw new ConflictException(problemText('task.not_retryable', { id, status: task.status }));
    const reset = await this.stores.transaction(async ({ tasks, messages, documents }) => {
      if (task.assistantMessageId) await messages.resetAnswer(task.assistantMessageId);
      if (task.kind === 'ingest' && task.documentId) await documents.requeue(task.documentId);
      return tasks.requeue(id);
    });
    await this.launch(reset, true);
    return this.view(caller, reset);
  }

  /**
   * Starts the workflow of a task; if that fails the task says why and can be retried.
   * A new message passes its turn in; retries and resumed runs rebuild it from the database.
   */
  async launch(task: TaskRecord, rerun = false, memo?: Record<string, unknown>, turn?: TurnRef): Promise<void> {
    const llm = llmCallSettings(this.config);
    const options = { memo, rerun, owner: task.userId, searchAttributes: { assistantId: task.assistantId, userId: task.userId, taskKind: task.kind } };
    // Ingest's activities go to their own task queue on Temporal (the embedded runner has its own limit).
    const queues = this.runner.kind === 'temporal' ? { ingestTaskQueue: this.config.temporal.ingestTaskQueue } : {};
    try {
      if (task.kind === 'chat') {
        const input: ChatTurnInput = { ...(turn ?? (await this.turnOf(task))), llm, tools: { callTimeoutMs: this.config.tools.callTimeoutMs } };
        await this.runner.start(WORKFLOW_TYPES.chatTurn, task.id, input, options);
      } else if (task.kind === 'ingest') {
        const reindex = (task.input as { reindex?: boolean } | null)?.reindex === true;
        const input: IngestInput = { taskId: task.id, documentId: task.documentId!, llm, ...queues, ...(reindex && { reindex }) };
        await this.runner.start(WORKFLOW_TYPES.ingestDocument, task.id, input, options);
      } else if (task.kind === 'reindex') {
        const input: ReindexAssistantInput = { taskId: task.id, assistantId: task.assistantId, llm, ...queues };
        await this.runner.start(WORKFLOW_TYPES.reindexAssistant, task.id, input, options);
      } else {
        await this.runner.start(WORKFLOW_TYPES.cleanupDocument, task.id, { taskId: task.id, documentId: task.documentId!, ...queues }, options);
      }
    } catch (error) {
      const reason = `The workflow could not be started: ${(error as Error).message}`;
      await this.markEnded(task, 'failed', reason);
      throw new ServiceUnavailableException(
        codedMessage('task.start_failed', { id: task.id }, `${reason}. The request is saved; retry it with POST /api/tasks/${task.id}/retry.`),
      );
    }
  }

  private async turnOf(task: TaskRecord): Promise<TurnRef> {
    const [message, assistant] = await Promise.all([
      this.stores.messages.get(task.userMessageId!),
      this.prisma.client.assistant.findUniqueOrThrow({ where: { id: task.assistantId } }),
    ]);
    const input = task.input as { templateId?: string | null; variables?: Record<string, string> };
    return turnRef(task, message, assistant, input);
  }

  private async markEnded(task: TaskRecord, status: 'failed' | 'cancelled', error: string): Promise<void> {
    await this.stores.transaction(async ({ tasks, messages, documents }) => {
      await tasks.end(task.id, status, error);
      // A turn that could not start says so in the reader's language; a cancel is not an error.
      if (task.assistantMessageId) await messages.endAnswer(task.assistantMessageId, status, error, status === 'failed' ? { code: 'chat.not_started' } : null);
      // A document that is searchable already (a re-index that did not start) stays ready, with the reason.
      if (task.kind === 'ingest' && task.documentId)
        await documents.endIngest(task.documentId, error, { code: status === 'cancelled' ? 'document.ingest_cancelled' : 'document.ingest_failed' });
    });
  }
}

/** The fixed facts of a chat turn, from its task, the user's message and the assistant at sending time. */
export function turnRef(
  task: TaskRecord,
  message: MessageRecord,
  assistant: Assistant,
  input: { templateId?: string | null; variables?: Record<string, string> },
): TurnRef {
  return {
    taskId: task.id,
    conversationId: task.conversationId!,
    assistantId: assistant.id,
    userMessageId: message.id,
    assistantMessageId: task.assistantMessageId!,
    userMessageAt: message.createdAt.getTime(),
    question: message.content,
    // Left out: the assistant's default; null: the sender chose no template.
    templateId: input.templateId === undefined ? assistant.defaultTemplateId : input.templateId,
    variables: input.variables ?? {},
    search: { enabled: assistant.enableSearch, limit: assistant.searchLimit },
  };
}
