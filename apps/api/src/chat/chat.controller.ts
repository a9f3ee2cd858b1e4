import type { AcceptedTurnView, Caller, TaskView } from '@assistants/common';
import { Body, Controller, Get, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import { IdPipe } from '../common/id.pipe';
import { ApiView } from '../common/view-schemas';
import { ChatService } from './chat.service';
import { SendMessageDto } from './dto/chat.dto';
import { TasksService } from './tasks.service';

@ApiTags('chat')
@ApiBearerAuth()
@Controller()
export class ChatController {
  constructor(
    private readonly chat: ChatService,
    private readonly tasks: TasksService,
  ) {}

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

  @RequireScope('read')
  @Get('tasks/:taskId')
  @ApiView(200, 'task')
  getTask(@CurrentCaller() caller: Caller, @Param('taskId') taskId: string): Promise<TaskView> {
    return this.tasks.get(caller, taskId);
  }

  @RequireScope('chat')
  @Post('tasks/:taskId/cancel')
  @HttpCode(202)
  @ApiView(202, 'task')
  cancelTask(@CurrentCaller() caller: Caller, @Param('taskId') taskId: string): Promise<TaskView> {
    return this.tasks.cancel(caller, taskId);
  }

  /** Runs a failed or cancelled turn (or ingest) again; the user's message is kept. */
  @RequireScope('chat')
  @Post('tasks/:taskId/retry')
  @HttpCode(202)
  @ApiView(202, 'task')
  retryTask(@CurrentCaller() caller: Caller, @Param('taskId') taskId: string): Promise<TaskView> {
    return this.tasks.retry(caller, taskId);
  }
}
