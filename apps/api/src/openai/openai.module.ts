import { Module } from '@nestjs/common';
import { AssistantsModule } from '../assistants/assistants.module';
import { ChatModule } from '../chat/chat.module';
import { ConversationsModule } from '../conversations/conversations.module';
import { OpenAiController } from './openai.controller';
import { OpenAiService } from './openai.service';
import { TurnWatcher } from './turn-watcher';

/** OpenAI-compatible endpoints under /v1 (models = assistants, chat completions = chat turns). */
@Module({
  imports: [AssistantsModule, ConversationsModule, ChatModule],
  controllers: [OpenAiController],
  providers: [OpenAiService, TurnWatcher],
})
export class OpenAiModule {}
