import { Module } from '@nestjs/common';
import { AssistantsModule } from '../../assistants/assistants.module';
import { ConversationsModule } from '../conversations.module';
import { ExportController } from './export.controller';
import { ExportService } from './export.service';
import { PdfExportPool } from './pdf-export.pool';

@Module({
  imports: [ConversationsModule, AssistantsModule],
  controllers: [ExportController],
  providers: [ExportService, PdfExportPool],
})
export class ConversationExportModule {}
