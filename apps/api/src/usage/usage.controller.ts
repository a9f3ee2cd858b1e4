import type { Caller } from '@assistants/common';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminOnly, CurrentCaller, RequireScope } from '../auth/auth.decorators';
import { IdPipe } from '../common/id.pipe';
import { UsageQueryDto, UsageReport } from './dto/usage.dto';
import { UsageService } from './usage.service';

@ApiTags('usage')
@ApiBearerAuth()
@Controller()
@RequireScope('read')
export class UsageController {
  constructor(private readonly usage: UsageService) {}

  @Get('assistants/:id/usage')
  @ApiOperation({ summary: "An assistant's messages, conversations, tokens, latency and ratings per bucket (owner or admin)." })
  @ApiOkResponse({ type: UsageReport })
  forAssistant(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string, @Query() query: UsageQueryDto) {
    return this.usage.forAssistant(caller, id, query);
  }

  @AdminOnly()
  @Get('usage')
  @ApiOperation({ summary: 'The same figures over every assistant (admins only).' })
  @ApiOkResponse({ type: UsageReport })
  forAll(@Query() query: UsageQueryDto) {
    return this.usage.forAll(query);
  }
}
