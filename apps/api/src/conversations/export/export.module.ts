import { Module } from '@nestjs/common';
import { ConversationsModule } from '../conversations.module';
import { ExportController } from './export.controller';
import { ExportService } from './export.service';

@Module({
  imports: [ConversationsModule],
  controllers: [ExportController],
  providers: [ExportService],
})
export class ConversationExportModule {}
