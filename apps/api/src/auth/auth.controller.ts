import type { ApiKeyView, Caller, CreatedApiKeyView, RegistrationView, SessionView, UserView } from '@assistants/common';
import { Body, Controller, Delete, Get, HttpCode, Ip, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IdPipe } from '../common/id.pipe';
import { ApiView } from '../common/view-schemas';
import { UpdateProfileDto } from '../users/dto/profile.dto';
import { UsersService } from '../users/users.service';
import { CurrentCaller, NoScope, Public, RequireScope } from './auth.decorators';
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

  /** 202 with the same body whether or not the address was free; then sign in. */
  @Public()
  @NoScope()
  @Post('register')
  @HttpCode(202)
  @ApiView(202, 'registration')
  register(@Body() dto: RegisterDto): Promise<RegistrationView> {
    return this.auth.register(dto);
  }

  @Public()
  @NoScope()
  @Post('login')
  @HttpCode(200)
  @ApiView(200, 'session')
  login(@Body() dto: LoginDto, @Ip() address: string): Promise<SessionView> {
    return this.auth.login(dto, address);
  }

  /** Sign out everywhere: every access token of the account issued so far stops (API keys stay). */
  @RequireScope('admin')
  @Post('logout')
  @HttpCode(204)
  @ApiResponse({ status: 204, description: 'Every access token of the account issued until now is revoked, on every route and open WebSocket; sign in again.' })
  logout(@CurrentCaller() caller: Caller): Promise<void> {
    return this.auth.logout(caller);
  }

  @RequireScope('read')
  @Get('me')
  @ApiView(200, 'user')
  me(@CurrentCaller() caller: Caller): Promise<UserView> {
    return this.users.findOne(caller.id);
  }

  /** The caller's profile (name, interface language, theme), so it follows them to another browser. */
  @RequireScope('admin')
  @Patch('me')
  @ApiView(200, 'user')
  updateMe(@CurrentCaller() caller: Caller, @Body() dto: UpdateProfileDto): Promise<UserView> {
    return this.users.updateProfile(caller, dto);
  }

  // Only a person signed in, or a key with the admin scope, manages keys.
  @RequireScope('admin')
  @Get('api-keys')
  @ApiView(200, 'apiKey', 'array')
  listApiKeys(@CurrentCaller() caller: Caller): Promise<ApiKeyView[]> {
    return this.auth.listApiKeys(caller.id);
  }

  @RequireScope('admin')
  @Post('api-keys')
  @ApiView(201, 'createdApiKey')
  @ApiResponse({ status: 409, description: 'MAX_API_KEYS_PER_USER active keys already (problem+json).' })
  createApiKey(@CurrentCaller() caller: Caller, @Body() dto: CreateApiKeyDto): Promise<CreatedApiKeyView> {
    return this.auth.createApiKey(caller, caller.id, dto);
  }

  @RequireScope('admin')
  @Delete('api-keys/:id')
  @HttpCode(204)
  revokeApiKey(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string): Promise<void> {
    return this.auth.revokeApiKey(caller, id);
  }
}
