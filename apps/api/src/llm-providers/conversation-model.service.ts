import type { Caller, ConversationModelView } from '@assistants/common';
import { PostgresLlmProviderStore } from '@assistants/adapters';
import { BadRequestException, Injectable } from '@nestjs/common';
import { assertAccess, assertConversationAccess } from '../common/access';
import type { ConversationNeed } from '@assistants/common';
import { problemText } from '../common/errors';
import { PrismaService } from '../database/prisma.service';
import type { SetConversationModelDto } from './dto/llm-provider.dto';
import { BUILTIN_PROVIDER_NAME, LlmModelsService } from './llm-models.service';

/** The model of a conversation's turns: the assistant's, or one its person chose when the owner allows it. */
@Injectable()
export class ConversationModelService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly models: LlmModelsService,
    private readonly providers: PostgresLlmProviderStore,
  ) {}

  async get(caller: Caller, id: string): Promise<ConversationModelView> {
    return this.view(await this.findOrFail(caller, id, 'read'));
  }

  /** Refuses (coded 400) when the owner does not allow choosing, or the model is not offered. */
  async set(caller: Caller, id: string, dto: SetConversationModelDto): Promise<ConversationModelView> {
    const row = await this.findOrFail(caller, id, 'write');
    if (!row.assistant.allowModelChoice) throw new BadRequestException(problemText('llm_model.choice_not_allowed'));
    await this.models.checkOffered(dto.providerId, dto.model, { providerId: row.assistant.llmProviderId, model: row.assistant.llmModel });
    const updated = await this.prisma.client.conversation.update({
      where: { id },
      data: { llmProviderId: dto.providerId, llmModel: dto.model },
      include: { assistant: true },
    });
    return this.view(updated);
  }

  /** Back to the assistant's model. */
  async reset(caller: Caller, id: string): Promise<ConversationModelView> {
    await this.findOrFail(caller, id, 'write');
    return this.view(
      await this.prisma.client.conversation.update({ where: { id }, data: { llmProviderId: null, llmModel: null }, include: { assistant: true } }),
    );
  }

  private async findOrFail(caller: Caller, id: string, need: ConversationNeed) {
    const row = await this.prisma.client.conversation.findUnique({ where: { id }, include: { assistant: true } });
    const conversation = assertConversationAccess(row && row.status !== 'deleted' ? row : null, caller, need, 'conversation', id);
    assertAccess(conversation.assistant, caller, 'read', 'assistant', conversation.assistantId);
    return conversation;
  }

  private async view(row: {
    llmProviderId: string | null;
    llmModel: string | null;
    assistant: { llmProviderId: string | null; llmModel: string; allowModelChoice: boolean };
  }): Promise<ConversationModelView> {
    // A choice counts only while the owner allows choosing (the turn reads it the same way).
    const chosen = row.assistant.allowModelChoice && row.llmModel !== null;
    const providerId = chosen ? row.llmProviderId : row.assistant.llmProviderId;
    const model = chosen ? row.llmModel! : row.assistant.llmModel;
    const provider = providerId ? ((await this.providers.find(providerId))?.name ?? BUILTIN_PROVIDER_NAME) : BUILTIN_PROVIDER_NAME;
    return { providerId, provider, model, chosen, allowModelChoice: row.assistant.allowModelChoice };
  }
}
