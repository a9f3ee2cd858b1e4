import { Module } from '@nestjs/common';
import { ToolCallsController } from './tool-calls.controller';
import { ToolCallsService } from './tool-calls.service';

@Module({
  controllers: [ToolCallsController],
  providers: [ToolCallsService],
})
export class ToolCallsModule {}
