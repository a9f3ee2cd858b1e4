import { Module } from '@nestjs/common';
import { ConversationsModule } from '../conversations/conversations.module';
import { SharesController } from './shares.controller';
import { SharesService } from './shares.service';

@Module({
  imports: [ConversationsModule],
  controllers: [SharesController],
  providers: [SharesService],
})
export class SharesModule {}
