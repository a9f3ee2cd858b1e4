import { PostgresLlmProviderStore, SecretBox } from '@assistants/adapters';
import { Module } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';
import { ConversationModelController } from './conversation-model.controller';
import { ConversationModelService } from './conversation-model.service';
import { LlmModelsService } from './llm-models.service';
import { LlmProvidersController } from './llm-providers.controller';
import { LlmProvidersService } from './llm-providers.service';

/** LLM providers admins add, the models they offer, and the model of each conversation. */
@Module({
  controllers: [LlmProvidersController, ConversationModelController],
  providers: [
    // The only writer of llm_providers; its keys sealed with the secrets box the runner opens them with.
    {
      provide: PostgresLlmProviderStore,
      inject: [PrismaService, SecretBox],
      useFactory: (prisma: PrismaService, box: SecretBox) => new PostgresLlmProviderStore(prisma.client, box),
    },
    LlmModelsService,
    LlmProvidersService,
    ConversationModelService,
  ],
  exports: [LlmModelsService],
})
export class LlmProvidersModule {}
