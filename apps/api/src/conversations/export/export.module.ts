import { Module } from '@nestjs/common';
import { AssistantsModule } from '../../assistants/assistants.module';
import { ConversationsModule } from '../conversations.module';
import { ExportController } from './export.controller';
import { ExportService } from './export.service';

@Module({
  imports: [ConversationsModule, AssistantsModule],
  controllers: [ExportController],
  providers: [ExportService],
})
export class ConversationExportModule {}
