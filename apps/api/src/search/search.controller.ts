import type { Caller, SearchResultView } from '@assistants/common';
import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import { IdPipe } from '../common/id.pipe';
import { ApiView } from '../common/view-schemas';
import { SearchDto } from './dto/search.dto';
import { SearchService } from './search.service';

@ApiTags('knowledge')
@ApiBearerAuth()
@Controller()
export class SearchController {
  constructor(private readonly search: SearchService) {}

  @Post('assistants/:id/search')
  @RequireScope('read')
  @HttpCode(200)
  @ApiOperation({ summary: "Search the assistant's knowledge base as a chat turn would: fused passages with each leg's rank and score." })
  @ApiView(200, 'searchResult')
  run(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string, @Body() dto: SearchDto): Promise<SearchResultView> {
    return this.search.run(caller, id, dto);
  }
}
