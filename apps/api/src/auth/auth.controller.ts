import type { Caller } from '@assistants/common';
import { Body, Controller, Delete, Get, HttpCode, Ip, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IdPipe } from '../common/id.pipe';
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
  register(@Body() dto: RegisterDto) {
    return this.auth.register(dto);
  }

  @Public()
  @NoScope()
  @Post('login')
  @HttpCode(200)
  login(@Body() dto: LoginDto, @Ip() address: string) {
    return this.auth.login(dto, address);
  }

  @RequireScope('read')
  @Get('me')
  me(@CurrentCaller() caller: Caller) {
    return this.users.findOne(caller.id);
  }

  // Only a person signed in, or a key with the admin scope, manages keys.
  @RequireScope('admin')
  @Get('api-keys')
  listApiKeys(@CurrentCaller() caller: Caller) {
    return this.auth.listApiKeys(caller.id);
  }

  @RequireScope('admin')
  @Post('api-keys')
  createApiKey(@CurrentCaller() caller: Caller, @Body() dto: CreateApiKeyDto) {
    return this.auth.createApiKey(caller.id, dto);
  }

  @RequireScope('admin')
  @Delete('api-keys/:id')
  @HttpCode(204)
  revokeApiKey(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string) {
    return this.auth.revokeApiKey(caller, id);
  }
}
