import { Module } from '@nestjs/common';
import { AssistantsModule } from '../assistants/assistants.module';
import { ConversationsModule } from '../conversations/conversations.module';
import { TemplatesModule } from '../templates/templates.module';
import { ChatController } from './chat.controller';
import { ChatService } from './chat.service';
import { TasksModule } from '../tasks/tasks.module';

@Module({
  imports: [ConversationsModule, AssistantsModule, TemplatesModule, TasksModule],
  controllers: [ChatController],
  providers: [ChatService],
  exports: [ChatService],
})
export class ChatModule {}
