import { Module } from '@nestjs/common';
import { AssistantsModule } from '../assistants/assistants.module';
import { AuthModule } from '../auth/auth.module';
import { ConversationsModule } from '../conversations/conversations.module';
import { KnowledgeModule } from '../knowledge/knowledge.module';
import { LiveGateway } from './live.gateway';
import { LiveAccess } from './live-access';
import { LiveLimits } from './live-limits';
import { LiveRevocation } from './live-revocation';
import { LiveService } from './live.service';

/** WebSocket live updates at /api/ws (the adapter is set in app.factory.ts). */
@Module({
  imports: [AuthModule, AssistantsModule, ConversationsModule, KnowledgeModule],
  providers: [LiveGateway, LiveService, LiveLimits, LiveAccess, LiveRevocation],
  exports: [LiveService, LiveLimits],
})
export class LiveModule {}
