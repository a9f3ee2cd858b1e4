import type { Caller, ConversationShareView, CreatedShareView, SharedConversationView } from '@assistants/common';
import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, Public, RequireScope } from '../auth/auth.decorators';
import { IdPipe } from '../common/id.pipe';
import { ApiView } from '../common/view-schemas';
import { CreateShareDto } from './dto/share.dto';
import { SharesService } from './shares.service';

@ApiTags('shares')
@ApiBearerAuth()
@Controller()
export class SharesController {
  constructor(private readonly shares: SharesService) {}

  @RequireScope('chat')
  @Post('conversations/:id/shares')
  @ApiView(201, 'createdShare')
  @ApiResponse({ status: 409, description: 'The conversation has as many links as it may (problem share.too_many).' })
  create(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string, @Body() dto: CreateShareDto): Promise<CreatedShareView> {
    return this.shares.create(caller, id, dto);
  }

  @RequireScope('read')
  @Get('conversations/:id/shares')
  @ApiView(200, 'conversationShare', 'array')
  list(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string): Promise<ConversationShareView[]> {
    return this.shares.list(caller, id);
  }

  @RequireScope('chat')
  @Delete('conversations/:id/shares/:shareId')
  @HttpCode(204)
  revoke(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string, @Param('shareId', IdPipe) shareId: string): Promise<void> {
    return this.shares.revoke(caller, id, shareId);
  }

  @Public()
  @RequireScope('read')
  @Get('shared/:token')
  @ApiView(200, 'sharedConversation')
  @ApiResponse({ status: 401, description: 'A link for signed-in users, opened without signing in (problem share.sign_in_required).' })
  @ApiResponse({ status: 404, description: 'No such link, or it was revoked (problem share.not_found).' })
  open(@CurrentCaller() caller: Caller | null, @Param('token') token: string): Promise<SharedConversationView> {
    return this.shares.open(caller, token);
  }
}
