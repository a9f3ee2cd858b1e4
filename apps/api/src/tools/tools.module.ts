import { Module } from '@nestjs/common';
import { AssistantsModule } from '../assistants/assistants.module';
import { AssistantToolsController } from './assistant-tools.controller';
import { AssistantToolsService } from './assistant-tools.service';
import { ToolServersController } from './tool-servers.controller';
import { ToolServersService } from './tool-servers.service';

/** Tool servers (MCP) and the tools each assistant may call; the stores come from the global StoresModule. */
@Module({
  imports: [AssistantsModule],
  controllers: [ToolServersController, AssistantToolsController],
  providers: [ToolServersService, AssistantToolsService],
  exports: [ToolServersService],
})
export class ToolsModule {}
