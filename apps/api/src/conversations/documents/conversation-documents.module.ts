import type { AppConfig } from '@assistants/config';
import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { APP_CONFIG } from '../../config/config.module';
import { KnowledgeModule } from '../../knowledge/knowledge.module';
import { ConversationsModule } from '../conversations.module';
import { ConversationDocumentsController } from './conversation-documents.controller';
import { ConversationDocumentsService } from './conversation-documents.service';
import { ConversationUploadAdmissionGuard } from './conversation-upload-admission.guard';

@Module({
  imports: [
    ConversationsModule,
    KnowledgeModule,
    // The knowledge base's limits: a file larger than MAX_UPLOAD_BYTES gets 413; one file a request.
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ limits: { fileSize: config.maxUploadBytes, files: 1, fields: 10 } }),
    }),
  ],
  controllers: [ConversationDocumentsController],
  providers: [ConversationDocumentsService, ConversationUploadAdmissionGuard],
})
export class ConversationDocumentsModule {}
