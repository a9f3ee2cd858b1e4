import type { Caller, ConversationModelView } from '@assistants/common';
import { Body, Controller, Delete, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import { IdPipe } from '../common/id.pipe';
import { ApiView } from '../common/view-schemas';
import { ConversationModelService } from './conversation-model.service';
import { SetConversationModelDto } from './dto/llm-provider.dto';

@ApiTags('llm-providers')
@ApiBearerAuth()
@Controller('conversations/:id/model')
export class ConversationModelController {
  constructor(private readonly models: ConversationModelService) {}

  @RequireScope('read')
  @Get()
  @ApiView(200, 'conversationModel')
  get(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string): Promise<ConversationModelView> {
    return this.models.get(caller, id);
  }

  /** One of GET /api/llm-providers/models, when the assistant's owner allows choosing (allowModelChoice). */
  @RequireScope('chat')
  @Put()
  @ApiView(200, 'conversationModel')
  set(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string, @Body() dto: SetConversationModelDto): Promise<ConversationModelView> {
    return this.models.set(caller, id, dto);
  }

  /** Back to the assistant's model. */
  @RequireScope('chat')
  @Delete()
  @ApiView(200, 'conversationModel')
  reset(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string): Promise<ConversationModelView> {
    return this.models.reset(caller, id);
  }
}
