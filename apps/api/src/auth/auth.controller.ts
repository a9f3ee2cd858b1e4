import type { ApiKeyView, Caller, CreatedApiKeyView, SessionView, UserView } from '@assistants/common';
import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IdPipe } from '../common/id.pipe';
import { ApiView } from '../common/view-schemas';
import { UsersService } from '../users/users.service';
import { CurrentCaller, Public } from './auth.decorators';
import { AuthService } from './auth.service';
import { CreateApiKeyDto, LoginDto, RegisterDto } from './dto/auth.dto';

@ApiTags('auth')
@ApiBearerAuth()
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  @Public()
  @Post('register')
  @ApiView(201, 'session')
  register(@Body() dto: RegisterDto): Promise<SessionView> {
    return this.auth.register(dto);
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiView(200, 'session')
  login(@Body() dto: LoginDto): Promise<SessionView> {
    return this.auth.login(dto);
  }

  @Get('me')
  @ApiView(200, 'user')
  me(@CurrentCaller() caller: Caller): Promise<UserView> {
    return this.users.findOne(caller.id);
  }

  @Get('api-keys')
  @ApiView(200, 'apiKey', 'array')
  listApiKeys(@CurrentCaller() caller: Caller): Promise<ApiKeyView[]> {
    return this.auth.listApiKeys(caller.id);
  }

  @Post('api-keys')
  @ApiView(201, 'createdApiKey')
  createApiKey(@CurrentCaller() caller: Caller, @Body() dto: CreateApiKeyDto): Promise<CreatedApiKeyView> {
    return this.auth.createApiKey(caller.id, dto);
  }

  @Delete('api-keys/:id')
  @HttpCode(204)
  revokeApiKey(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string): Promise<void> {
    return this.auth.revokeApiKey(caller, id);
  }
}
