import { Module } from '@nestjs/common';
import { AssistantsModule } from '../assistants/assistants.module';
import { ConversationsModule } from '../conversations/conversations.module';
import { TemplatesModule } from '../templates/templates.module';
import { ChatController } from './chat.controller';
import { ChatService } from './chat.service';
import { TasksService } from './tasks.service';

@Module({
  imports: [ConversationsModule, AssistantsModule, TemplatesModule],
  controllers: [ChatController],
  providers: [ChatService, TasksService],
  exports: [ChatService, TasksService],
})
export class ChatModule {}
