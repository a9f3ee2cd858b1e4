import type { AcceptedTurnView, Caller } from '@assistants/common';
import { Body, Controller, Headers, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import { IdPipe } from '../common/id.pipe';
import { ApiView } from '../common/view-schemas';
import { ChatService } from './chat.service';
import { ChooseVersionDto, SendMessageDto } from './dto/chat.dto';

@ApiTags('chat')
@ApiBearerAuth()
@Controller()
export class ChatController {
  constructor(private readonly chat: ChatService) {}

  /** Accepted at once (202); the answer arrives through the task, the message list or the WebSocket. */
  @RequireScope('chat')
  @Post('conversations/:id/messages')
  @HttpCode(202)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Retrying with the same key returns the same turn.' })
  @ApiView(202, 'acceptedTurn')
  send(
    @CurrentCaller() caller: Caller,
    @Param('id', IdPipe) id: string,
    @Body() dto: SendMessageDto,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<AcceptedTurnView> {
    return this.chat.send(caller, id, dto, idempotencyKey?.slice(0, 100) || undefined);
  }

  /** A new version of this answer, written again as its own turn; the earlier one stays as a version. */
  @RequireScope('chat')
  @Post('conversations/:id/messages/:messageId/regenerate')
  @HttpCode(202)
  @ApiView(202, 'acceptedTurn')
  regenerate(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string, @Param('messageId', IdPipe) messageId: string): Promise<AcceptedTurnView> {
    return this.chat.regenerate(caller, id, messageId);
  }

  /** Shows another version of a message: the message list and the next prompts follow it. */
  @RequireScope('chat')
  @Put('conversations/:id/branch')
  @HttpCode(204)
  chooseVersion(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string, @Body() dto: ChooseVersionDto): Promise<void> {
    return this.chat.chooseVersion(caller, id, dto.messageId);
  }
}
