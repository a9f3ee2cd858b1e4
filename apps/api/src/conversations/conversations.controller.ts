import type { Caller, ConversationView, CursorPage, MessageView, Page } from '@assistants/common';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import { IdPipe } from '../common/id.pipe';
import { ApiView } from '../common/view-schemas';
import { ConversationsService } from './conversations.service';
import { CreateConversationDto, ListConversationsQueryDto, ListMessagesQueryDto, UpdateConversationDto } from './dto/conversation.dto';

@ApiTags('conversations')
@ApiBearerAuth()
@Controller('conversations')
export class ConversationsController {
  constructor(private readonly conversations: ConversationsService) {}

  @RequireScope('chat')
  @Post()
  @ApiView(201, 'conversation')
  @ApiResponse({ status: 429, description: 'MAX_CONVERSATIONS_PER_DAY reached for this account; Retry-After says until midnight UTC (problem+json).' })
  create(@CurrentCaller() caller: Caller, @Body() dto: CreateConversationDto): Promise<ConversationView> {
    return this.conversations.create(caller, dto);
  }

  @RequireScope('read')
  @Get()
  @ApiView(200, 'conversation', 'page')
  list(@CurrentCaller() caller: Caller, @Query() query: ListConversationsQueryDto): Promise<Page<ConversationView>> {
    return this.conversations.list(caller, query);
  }

  @RequireScope('read')
  @Get(':id')
  @ApiView(200, 'conversation')
  get(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string): Promise<ConversationView> {
    return this.conversations.get(caller, id);
  }

  @RequireScope('chat')
  @Patch(':id')
  @ApiView(200, 'conversation')
  update(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string, @Body() dto: UpdateConversationDto): Promise<ConversationView> {
    return this.conversations.update(caller, id, dto);
  }

  @RequireScope('chat')
  @Delete(':id')
  @HttpCode(204)
  remove(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string): Promise<void> {
    return this.conversations.remove(caller, id);
  }

  @RequireScope('chat')
  @Post(':id/clear')
  @HttpCode(200)
  @ApiView(200, 'conversation')
  clear(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string): Promise<ConversationView> {
    return this.conversations.clear(caller, id);
  }

  @RequireScope('read')
  @Get(':id/messages')
  @ApiView(200, 'message', 'cursor-page')
  listMessages(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string, @Query() query: ListMessagesQueryDto): Promise<CursorPage<MessageView>> {
    return this.conversations.listMessages(caller, id, query);
  }
}
