import type { Caller, ToolServerView } from '@assistants/common';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import { IdPipe } from '../common/id.pipe';
import { ApiView } from '../common/view-schemas';
import { CreateToolServerDto, UpdateToolServerDto } from './dto/tool-server.dto';
import { ToolServersService } from './tool-servers.service';

@ApiTags('tools')
@ApiBearerAuth()
@Controller('tool-servers')
export class ToolServersController {
  constructor(private readonly servers: ToolServersService) {}

  /** Admins: every server; members: their own and the shared ones. */
  @RequireScope('read')
  @Get()
  @ApiView(200, 'toolServer', 'array')
  list(@CurrentCaller() caller: Caller): Promise<ToolServerView[]> {
    return this.servers.list(caller);
  }

  /** Connects and lists the tools; a server that cannot be reached is still added, its status saying why. */
  @RequireScope('admin')
  @Post()
  @ApiView(201, 'toolServer')
  create(@CurrentCaller() caller: Caller, @Body() dto: CreateToolServerDto): Promise<ToolServerView> {
    return this.servers.create(caller, dto);
  }

  @RequireScope('read')
  @Get(':id')
  @ApiView(200, 'toolServer')
  get(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string): Promise<ToolServerView> {
    return this.servers.get(caller, id);
  }

  @RequireScope('admin')
  @Patch(':id')
  @ApiView(200, 'toolServer')
  update(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string, @Body() dto: UpdateToolServerDto): Promise<ToolServerView> {
    return this.servers.update(caller, id, dto);
  }

  @RequireScope('admin')
  @Delete(':id')
  @HttpCode(204)
  remove(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string): Promise<void> {
    return this.servers.remove(caller, id);
  }

  /** Connects and lists the tools again; a failure keeps the tools listed before and says why in status. */
  @RequireScope('admin')
  @Post(':id/refresh')
  @HttpCode(200)
  @ApiView(200, 'toolServer')
  refresh(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string): Promise<ToolServerView> {
    return this.servers.refresh(caller, id);
  }
}
