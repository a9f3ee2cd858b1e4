import type { AvailableModelView, LlmProviderView } from '@assistants/common';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AdminOnly, RequireScope } from '../auth/auth.decorators';
import { IdPipe } from '../common/id.pipe';
import { ApiView } from '../common/view-schemas';
import { CreateLlmProviderDto, UpdateLlmProviderDto } from './dto/llm-provider.dto';
import { LlmModelsService } from './llm-models.service';
import { LlmProvidersService } from './llm-providers.service';

@ApiTags('llm-providers')
@ApiBearerAuth()
@Controller('llm-providers')
export class LlmProvidersController {
  constructor(
    private readonly providers: LlmProvidersService,
    private readonly models: LlmModelsService,
  ) {}

  /** Every signed-in caller: the models assistants and conversations may use, without keys or addresses. */
  @RequireScope('read')
  @Get('models')
  @ApiView(200, 'availableModel', 'array')
  available(): Promise<AvailableModelView[]> {
    return this.models.available();
  }

  /** Admins: the built-in provider (id null) and those added. */
  @AdminOnly()
  @RequireScope('admin')
  @Get()
  @ApiView(200, 'llmProvider', 'array')
  list(): Promise<LlmProviderView[]> {
    return this.providers.list();
  }

  @AdminOnly()
  @RequireScope('admin')
  @Post()
  @ApiView(201, 'llmProvider')
  create(@Body() dto: CreateLlmProviderDto): Promise<LlmProviderView> {
    return this.providers.create(dto);
  }

  @AdminOnly()
  @RequireScope('admin')
  @Get(':id')
  @ApiView(200, 'llmProvider')
  get(@Param('id', IdPipe) id: string): Promise<LlmProviderView> {
    return this.providers.get(id);
  }

  @AdminOnly()
  @RequireScope('admin')
  @Patch(':id')
  @ApiView(200, 'llmProvider')
  update(@Param('id', IdPipe) id: string, @Body() dto: UpdateLlmProviderDto): Promise<LlmProviderView> {
    return this.providers.update(id, dto);
  }

  /** Assistants on it go back to the built-in provider; conversations that chose one of its models, to their assistant's. */
  @AdminOnly()
  @RequireScope('admin')
  @Delete(':id')
  @HttpCode(204)
  remove(@Param('id', IdPipe) id: string): Promise<void> {
    return this.providers.remove(id);
  }

  /** Lists its /models again; a failure keeps the models listed before and says why in status. */
  @AdminOnly()
  @RequireScope('admin')
  @Post(':id/refresh')
  @HttpCode(200)
  @ApiView(200, 'llmProvider')
  refresh(@Param('id', IdPipe) id: string): Promise<LlmProviderView> {
    return this.providers.refresh(id);
  }
}
