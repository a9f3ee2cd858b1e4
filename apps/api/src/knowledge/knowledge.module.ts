import type { AppConfig } from '@assistants/config';
import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { AssistantsModule } from '../assistants/assistants.module';
import { TasksModule } from '../tasks/tasks.module';
import { APP_CONFIG } from '../config/config.module';
import { KnowledgeController } from './knowledge.controller';
import { KnowledgeService } from './knowledge.service';

@Module({
  imports: [
    AssistantsModule,
    TasksModule,
    // Uploads are held in memory only up to MAX_UPLOAD_BYTES per file and MAX_UPLOAD_FILES
    // files; a larger file gets 413, more files 400.
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ limits: { fileSize: config.maxUploadBytes, files: config.maxUploadFiles, fields: 10 } }),
    }),
  ],
  controllers: [KnowledgeController],
  providers: [KnowledgeService],
  exports: [KnowledgeService],
})
export class KnowledgeModule {}
