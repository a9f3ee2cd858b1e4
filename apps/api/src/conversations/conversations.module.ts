import { Module } from '@nestjs/common';
import { AssistantsModule } from '../assistants/assistants.module';
import { ConversationQuota } from './conversation-quota';
import { ConversationsController } from './conversations.controller';
import { ConversationsService } from './conversations.service';

@Module({
  imports: [AssistantsModule],
  controllers: [ConversationsController],
  providers: [ConversationsService, ConversationQuota],
  exports: [ConversationsService],
})
export class ConversationsModule {}
