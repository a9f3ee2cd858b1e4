import type { Caller } from '@assistants/common';
import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AdminOnly, CurrentCaller, RequireScope } from '../auth/auth.decorators';
import { AuthService } from '../auth/auth.service';
import { CreateApiKeyDto } from '../auth/dto/auth.dto';
import { IdPipe } from '../common/id.pipe';
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
  list(@Query() query: ListUsersQueryDto) {
    return this.users.list(query);
  }

  @Post()
  create(@Body() dto: CreateUserDto) {
    return this.users.create(dto);
  }

  @Patch(':id')
  update(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string, @Body() dto: UpdateUserDto) {
    return this.users.update(caller, id, dto);
  }

  /** Keys for service accounts, which cannot sign in to make their own. */
  @Post(':id/api-keys')
  async createApiKey(@Param('id', IdPipe) id: string, @Body() dto: CreateApiKeyDto) {
    await this.users.findOne(id);
    return this.auth.createApiKey(id, dto);
  }
}
