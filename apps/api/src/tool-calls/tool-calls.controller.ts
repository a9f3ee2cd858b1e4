import type { Caller } from '@assistants/common';
import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import { IdPipe } from '../common/id.pipe';
import { ApiView } from '../common/view-schemas';
import { RejectToolCallDto } from './dto/reject-tool-call.dto';
import { ToolCallsService } from './tool-calls.service';

@ApiTags('tool calls')
@ApiBearerAuth()
@Controller('tool-calls/:id')
@RequireScope('chat')
export class ToolCallsController {
  constructor(private readonly calls: ToolCallsService) {}

  @Post('approve')
  @HttpCode(200)
  @ApiOperation({ summary: "Let a tool call that awaits approval run (the conversation's owner only); 409 once it no longer waits." })
  @ApiView(200, 'toolCall')
  approve(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string) {
    return this.calls.decide(caller, id, { approve: true });
  }

  @Post('reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Refuse a tool call that awaits approval; the model is told, with the reason if one is given.' })
  @ApiView(200, 'toolCall')
  reject(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string, @Body() dto: RejectToolCallDto) {
    return this.calls.decide(caller, id, { approve: false, reason: dto.reason });
  }
}
