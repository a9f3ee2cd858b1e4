import type { Caller, CreatedApiKeyView, Page, UserView } from '@assistants/common';
import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AdminOnly, CurrentCaller, RequireScope } from '../auth/auth.decorators';
import { AuthService } from '../auth/auth.service';
import { CreateApiKeyDto } from '../auth/dto/auth.dto';
import { IdPipe } from '../common/id.pipe';
import { ApiView } from '../common/view-schemas';
import { CreateUserDto, ListUsersQueryDto, UpdateUserDto } from './dto/users.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@AdminOnly()
@RequireScope('admin')
@Controller('users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly auth: AuthService,
  ) {}

  @Get()
  @ApiView(200, 'user', 'page')
  list(@Query() query: ListUsersQueryDto): Promise<Page<UserView>> {
    return this.users.list(query);
  }

  @Post()
  @ApiView(201, 'user')
  create(@Body() dto: CreateUserDto): Promise<UserView> {
    return this.users.create(dto);
  }

  @Patch(':id')
  @ApiView(200, 'user')
  @ApiResponse({ status: 409, description: 'An administrator disabling or demoting themself, or the last active administrator (problem+json).' })
  update(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string, @Body() dto: UpdateUserDto): Promise<UserView> {
    return this.users.update(caller, id, dto);
  }

  /** Keys for service accounts, which cannot sign in to make their own; never for a person (an admin would act as them). */
  @Post(':id/api-keys')
  @ApiView(201, 'createdApiKey')
  @ApiResponse({ status: 403, description: 'The account is not a service account (problem+json).' })
  @ApiResponse({ status: 409, description: 'The account has MAX_API_KEYS_PER_USER active keys already (problem+json).' })
  createApiKey(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string, @Body() dto: CreateApiKeyDto): Promise<CreatedApiKeyView> {
    return this.auth.createApiKey(caller, id, dto);
  }
}
