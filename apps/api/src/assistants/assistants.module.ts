import { Module } from '@nestjs/common';
import { LlmProvidersModule } from '../llm-providers/llm-providers.module';
import { TemplatesModule } from '../templates/templates.module';
import { AssistantsController } from './assistants.controller';
import { AssistantsService } from './assistants.service';

@Module({
  imports: [TemplatesModule, LlmProvidersModule],
  controllers: [AssistantsController],
  providers: [AssistantsService],
  exports: [AssistantsService],
})
export class AssistantsModule {}
