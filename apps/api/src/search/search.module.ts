import { Module } from '@nestjs/common';
import { AssistantsModule } from '../assistants/assistants.module';
import { SearchController } from './search.controller';
import { SearchService } from './search.service';

@Module({
  imports: [AssistantsModule],
  controllers: [SearchController],
  providers: [SearchService],
})
export class SearchModule {}
