import type { Caller } from '@assistants/common';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, Public, RequireScope } from '../auth/auth.decorators';
import { IdPipe } from '../common/id.pipe';
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
  list(@CurrentCaller() caller: Caller | null, @Query() query: ListAssistantsQueryDto) {
    return this.assistants.list(caller, query);
  }

  @RequireScope('admin')
  @Post()
  create(@CurrentCaller() caller: Caller, @Body() dto: CreateAssistantDto) {
    return this.assistants.create(caller, dto);
  }

  @Public()
  @RequireScope('read')
  @Get(':id')
  get(@CurrentCaller() caller: Caller | null, @Param('id', IdPipe) id: string) {
    return this.assistants.get(caller, id);
  }

  @RequireScope('admin')
  @Patch(':id')
  update(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string, @Body() dto: UpdateAssistantDto) {
    return this.assistants.update(caller, id, dto);
  }

  @RequireScope('admin')
  @Delete(':id')
  @HttpCode(204)
  remove(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string) {
    return this.assistants.remove(caller, id);
  }

  @Public()
  @RequireScope('read')
  @Get(':id/templates')
  listTemplates(@CurrentCaller() caller: Caller | null, @Param('id', IdPipe) id: string) {
    return this.assistants.listTemplates(caller, id);
  }

  @RequireScope('admin')
  @Put(':id/templates/:templateId')
  linkTemplate(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string, @Param('templateId', IdPipe) templateId: string) {
    return this.assistants.linkTemplate(caller, id, templateId);
  }

  @RequireScope('admin')
  @Delete(':id/templates/:templateId')
  @HttpCode(204)
  unlinkTemplate(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string, @Param('templateId', IdPipe) templateId: string) {
    return this.assistants.unlinkTemplate(caller, id, templateId);
  }

  @RequireScope('admin')
  @Put(':id/default-template')
  setDefaultTemplate(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string, @Body() dto: SetDefaultTemplateDto) {
    return this.assistants.setDefaultTemplate(caller, id, dto.templateId);
  }
}
