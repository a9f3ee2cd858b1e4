import type { AssistantToolsView, Caller } from '@assistants/common';
import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, Public, RequireScope } from '../auth/auth.decorators';
import { IdPipe } from '../common/id.pipe';
import { ApiView } from '../common/view-schemas';
import { AssistantToolsService } from './assistant-tools.service';
import { SetAssistantToolsDto } from './dto/assistant-tools.dto';

/** An assistant's tools: beside the assistant's own routes, kept here with the tool servers they name. */
@ApiTags('tools')
@ApiBearerAuth()
@Controller('assistants')
export class AssistantToolsController {
  constructor(private readonly tools: AssistantToolsService) {}

  @Public()
  @RequireScope('read')
  @Get(':id/tools')
  @ApiView(200, 'assistantTools')
  get(@CurrentCaller() caller: Caller | null, @Param('id', IdPipe) id: string): Promise<AssistantToolsView> {
    return this.tools.get(caller, id);
  }

  @RequireScope('admin')
  @Put(':id/tools')
  @ApiView(200, 'assistantTools')
  set(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string, @Body() dto: SetAssistantToolsDto): Promise<AssistantToolsView> {
    return this.tools.set(caller, id, dto);
  }
}
