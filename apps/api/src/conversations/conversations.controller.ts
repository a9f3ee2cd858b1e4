import type { Caller } from '@assistants/common';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import { IdPipe } from '../common/id.pipe';
import { ConversationsService } from './conversations.service';
import { CreateConversationDto, ListConversationsQueryDto, ListMessagesQueryDto, UpdateConversationDto } from './dto/conversation.dto';

@ApiTags('conversations')
@ApiBearerAuth()
@Controller('conversations')
export class ConversationsController {
  constructor(private readonly conversations: ConversationsService) {}

  @RequireScope('chat')
  @Post()
  create(@CurrentCaller() caller: Caller, @Body() dto: CreateConversationDto) {
    return this.conversations.create(caller, dto);
  }

  @RequireScope('read')
  @Get()
  list(@CurrentCaller() caller: Caller, @Query() query: ListConversationsQueryDto) {
    return this.conversations.list(caller, query);
  }

  @RequireScope('read')
  @Get(':id')
  get(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string) {
    return this.conversations.get(caller, id);
  }

  @RequireScope('chat')
  @Patch(':id')
  update(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string, @Body() dto: UpdateConversationDto) {
    return this.conversations.update(caller, id, dto);
  }

  @RequireScope('chat')
  @Delete(':id')
  @HttpCode(204)
  remove(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string) {
    return this.conversations.remove(caller, id);
  }

  @RequireScope('chat')
  @Post(':id/clear')
  @HttpCode(200)
  clear(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string) {
    return this.conversations.clear(caller, id);
  }

  @RequireScope('read')
  @Get(':id/messages')
  listMessages(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string, @Query() query: ListMessagesQueryDto) {
    return this.conversations.listMessages(caller, id, query);
  }
}
