import type { Caller, TaskView } from '@assistants/common';
import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import { ApiView } from '../common/view-schemas';
import { TasksService } from './tasks.service';

/** A durable task (a chat turn, an ingest, a clean-up, an assistant's re-index): its state, cancel, retry. */
@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @RequireScope('read')
  @Get(':taskId')
  @ApiView(200, 'task')
  getTask(@CurrentCaller() caller: Caller, @Param('taskId') taskId: string): Promise<TaskView> {
    return this.tasks.get(caller, taskId);
  }

  @RequireScope('chat')
  @Post(':taskId/cancel')
  @HttpCode(202)
  @ApiView(202, 'task')
  cancelTask(@CurrentCaller() caller: Caller, @Param('taskId') taskId: string): Promise<TaskView> {
    return this.tasks.cancel(caller, taskId);
  }

  /** Runs a failed or cancelled turn (or ingest) again; the user's message is kept. */
  @RequireScope('chat')
  @Post(':taskId/retry')
  @HttpCode(202)
  @ApiView(202, 'task')
  retryTask(@CurrentCaller() caller: Caller, @Param('taskId') taskId: string): Promise<TaskView> {
    return this.tasks.retry(caller, taskId);
  }
}
