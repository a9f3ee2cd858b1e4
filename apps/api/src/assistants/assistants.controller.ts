import type { AssistantTemplateView, AssistantView, Caller, Page } from '@assistants/common';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, Public, RequireScope } from '../auth/auth.decorators';
import { IdPipe } from '../common/id.pipe';
import { ApiView } from '../common/view-schemas';
import { AssistantsService } from './assistants.service';
import { CreateAssistantDto, ListAssistantsQueryDto, SetDefaultTemplateDto, UpdateAssistantDto } from './dto/assistant.dto';

@ApiTags('assistants')
@ApiBearerAuth()
@Controller('assistants')
export class AssistantsController {
  constructor(private readonly assistants: AssistantsService) {}

  @Public()
  @RequireScope('read')
  @Get()
  @ApiView(200, 'assistant', 'page')
  list(@CurrentCaller() caller: Caller | null, @Query() query: ListAssistantsQueryDto): Promise<Page<AssistantView>> {
    return this.assistants.list(caller, query);
  }

  @RequireScope('admin')
  @Post()
  @ApiView(201, 'assistant')
  create(@CurrentCaller() caller: Caller, @Body() dto: CreateAssistantDto): Promise<AssistantView> {
    return this.assistants.create(caller, dto);
  }

  @Public()
  @RequireScope('read')
  @Get(':id')
  @ApiView(200, 'assistant')
  get(@CurrentCaller() caller: Caller | null, @Param('id', IdPipe) id: string): Promise<AssistantView> {
    return this.assistants.get(caller, id);
  }

  @RequireScope('admin')
  @Patch(':id')
  @ApiView(200, 'assistant')
  update(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string, @Body() dto: UpdateAssistantDto): Promise<AssistantView> {
    return this.assistants.update(caller, id, dto);
  }

  @RequireScope('admin')
  @Delete(':id')
  @HttpCode(204)
  remove(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string): Promise<void> {
    return this.assistants.remove(caller, id);
  }

  @Public()
  @RequireScope('read')
  @Get(':id/templates')
  @ApiView(200, 'assistantTemplate', 'array')
  listTemplates(@CurrentCaller() caller: Caller | null, @Param('id', IdPipe) id: string): Promise<AssistantTemplateView[]> {
    return this.assistants.listTemplates(caller, id);
  }

  @RequireScope('admin')
  @Put(':id/templates/:templateId')
  @ApiView(200, 'assistantTemplate', 'array')
  linkTemplate(
    @CurrentCaller() caller: Caller,
    @Param('id', IdPipe) id: string,
    @Param('templateId', IdPipe) templateId: string,
  ): Promise<AssistantTemplateView[]> {
    return this.assistants.linkTemplate(caller, id, templateId);
  }

  /** Someone else's template is used at the version linked; this takes the version its owner has now. */
  @RequireScope('admin')
  @Post(':id/templates/:templateId/accept-update')
  @HttpCode(200)
  @ApiView(200, 'assistantTemplate', 'array')
  acceptTemplateUpdate(
    @CurrentCaller() caller: Caller,
    @Param('id', IdPipe) id: string,
    @Param('templateId', IdPipe) templateId: string,
  ): Promise<AssistantTemplateView[]> {
    return this.assistants.acceptTemplateUpdate(caller, id, templateId);
  }

  @RequireScope('admin')
  @Delete(':id/templates/:templateId')
  @HttpCode(204)
  unlinkTemplate(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string, @Param('templateId', IdPipe) templateId: string): Promise<void> {
    return this.assistants.unlinkTemplate(caller, id, templateId);
  }

  @RequireScope('admin')
  @Put(':id/default-template')
  @ApiView(200, 'assistant')
  setDefaultTemplate(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string, @Body() dto: SetDefaultTemplateDto): Promise<AssistantView> {
    return this.assistants.setDefaultTemplate(caller, id, dto.templateId);
  }
}
