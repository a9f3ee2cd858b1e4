import { Module } from '@nestjs/common';
import { AssistantsModule } from '../assistants/assistants.module';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

/** Tasks and the one place workflows are started; chat and knowledge start theirs through TasksService. */
@Module({
  imports: [AssistantsModule],
  controllers: [TasksController],
  providers: [TasksService],
  exports: [TasksService],
})
export class TasksModule {}
