import { type Caller, isUuid, type LiveErrorCode, type SubscriptionTarget } from '@assistants/common';
import { HttpException, Injectable, NotFoundException } from '@nestjs/common';
import { AssistantsService } from '../assistants/assistants.service';
import { ConversationsService } from '../conversations/conversations.service';
import { KnowledgeService } from '../knowledge/knowledge.service';
import { problemText } from '../common/errors';

/** A subscription's key in the fan-out: `c:`, `d:` or `a:` and the id. */
export const topicOf = (target: SubscriptionTarget) =>
  'conversationId' in target ? `c:${target.conversationId}` : 'documentId' in target ? `d:${target.documentId}` : `a:${target.assistantId}`;

export function targetOf(topic: string): SubscriptionTarget {
  const id = topic.slice(2);
  return topic.startsWith('c:') ? { conversationId: id } : topic.startsWith('d:') ? { documentId: id } : { assistantId: id };
}

/** What a socket is told when a subscription is refused, or ended because it is no longer allowed. */
export function refusalOf(error: unknown): { code: LiveErrorCode; message: string } {
  return {
    code: error instanceof NotFoundException ? 'not_found' : 'forbidden',
    message: error instanceof HttpException ? error.message : 'You may not subscribe to this.',
  };
}

/** Who may hold a subscription: the REST rules, through the same services, at subscribe and whenever rights change. */
@Injectable()
export class LiveAccess {
  constructor(
    private readonly conversations: ConversationsService,
    private readonly assistants: AssistantsService,
    private readonly knowledge: KnowledgeService,
  ) {}

  /** Throws the REST answer (404, 403) when the caller may not follow the target. */
  async check(caller: Caller, target: SubscriptionTarget): Promise<void> {
    const id = 'conversationId' in target ? target.conversationId : 'documentId' in target ? target.documentId : target.assistantId;
    if (!isUuid(id)) throw new NotFoundException(problemText('resource.no_such_id', { id: JSON.stringify(id.slice(0, 100)) }));
    // A conversation is its owner's (and admins'); documents are seen by those who may edit the assistant.
    if ('conversationId' in target) await this.conversations.findOrFail(caller, id, 'read');
    else if ('documentId' in target) await this.knowledge.get(caller, id);
    else await this.assistants.findOrFail(caller, id, 'edit');
  }
}
