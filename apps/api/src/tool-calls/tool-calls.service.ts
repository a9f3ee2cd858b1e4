import { type Caller, compactToolCall, type ToolCallView } from '@assistants/common';
import { ToolCallStore, toToolCallView } from '@assistants/adapters';
import type { EventPublisher } from '@assistants/domain';
import { type WorkflowRunner } from '@assistants/runtime';
import { ConflictException, Inject, Injectable } from '@nestjs/common';
import { assertConversationAccess } from '../common/access';
import { PrismaService } from '../database/prisma.service';
import { ACTIVITY_EVENTS } from '../runtime/api-instances-events';
import { InjectRunner } from '../runtime/runtime.module';
import { codedMessage } from '../common/errors';

/** Decisions on tool calls that await a person: stored first, then the waiting turn is woken. */
@Injectable()
export class ToolCallsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly calls: ToolCallStore,
    @InjectRunner() private readonly runner: WorkflowRunner,
    @Inject(ACTIVITY_EVENTS) private readonly events: EventPublisher,
  ) {}

  async decide(caller: Caller, id: string, decision: { approve: boolean; reason?: string }): Promise<ToolCallView> {
    const call = await this.calls.find(id);
    const message = call && (await this.prisma.client.message.findUnique({ where: { id: call.messageId }, select: { conversation: true } }));
    // Only the person whose conversation it is decides: admins may read conversations, not act in them.
    const conversation = assertConversationAccess(message?.conversation ?? null, caller, 'write', 'tool_call', id);
    const decided = await this.calls.decide(call!, { approve: decision.approve, by: caller.id, reason: decision.reason ?? null });
    if (!decided) {
      const now = await this.calls.find(id);
      const status = now?.status === 'awaiting_approval' ? 'expired' : (now?.status ?? 'gone');
      const why = status === 'expired' ? 'its time for approval ran out' : `it is ${status.replace('_', ' ')}${now?.error ? ` (${now.error})` : ''}`;
      throw new ConflictException(codedMessage('tool_call.not_awaiting', { status }, `This tool call no longer awaits approval: ${why}.`));
    }
    this.events.publish({
      type: 'tool.call',
      taskId: decided.taskId,
      conversationId: conversation.id,
      messageId: decided.messageId,
      call: compactToolCall(toToolCallView(decided)),
    });
    await this.runner.notifyToolDecision(decided.taskId, decided.id);
    return toToolCallView(decided);
  }
}
