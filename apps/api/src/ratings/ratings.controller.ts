import type { Caller } from '@assistants/common';
import { Body, Controller, Delete, HttpCode, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import { IdPipe } from '../common/id.pipe';
import { RateMessageDto, RatingView } from './dto/rating.dto';
import { RatingsService } from './ratings.service';

@ApiTags('ratings')
@ApiBearerAuth()
@Controller('messages/:id/rating')
@RequireScope('chat')
export class RatingsController {
  constructor(private readonly ratings: RatingsService) {}

  @Put()
  @ApiOperation({ summary: "Rate a finished answer (the conversation's owner only); rating again replaces the earlier rating." })
  @ApiOkResponse({ type: RatingView })
  rate(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string, @Body() dto: RateMessageDto) {
    return this.ratings.rate(caller, id, dto.rating, dto.comment);
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove the rating and comment of an answer; removing none is no change.' })
  @ApiNoContentResponse()
  remove(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string) {
    return this.ratings.remove(caller, id);
  }
}
