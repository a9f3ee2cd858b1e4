import type { Caller } from '@assistants/common';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import { IdPipe } from '../common/id.pipe';
import { CreateTemplateDto, ListTemplatesQueryDto, PreviewTemplateDto, RenderTemplateDto, UpdateTemplateDto } from './dto/template.dto';
import { TemplatesService } from './templates.service';

@ApiTags('templates')
@ApiBearerAuth()
@Controller('templates')
export class TemplatesController {
  constructor(private readonly templates: TemplatesService) {}

  @RequireScope('read')
  @Get()
  list(@CurrentCaller() caller: Caller, @Query() query: ListTemplatesQueryDto) {
    return this.templates.list(caller, query);
  }

  @RequireScope('admin')
  @Post()
  create(@CurrentCaller() caller: Caller, @Body() dto: CreateTemplateDto) {
    return this.templates.create(caller, dto);
  }

  /** Renders unsaved text, for the template editor. */
  @RequireScope('read')
  @Post('preview')
  @HttpCode(200)
  preview(@Body() dto: PreviewTemplateDto) {
    return this.templates.preview(dto.promptText, dto.variables);
  }

  @RequireScope('read')
  @Get(':id')
  get(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string) {
    return this.templates.get(caller, id);
  }

  @RequireScope('admin')
  @Patch(':id')
  update(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string, @Body() dto: UpdateTemplateDto) {
    return this.templates.update(caller, id, dto);
  }

  @RequireScope('admin')
  @Delete(':id')
  @HttpCode(204)
  remove(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string) {
    return this.templates.remove(caller, id);
  }

  @RequireScope('read')
  @Post(':id/render')
  @HttpCode(200)
  render(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string, @Body() dto: RenderTemplateDto) {
    return this.templates.render(caller, id, dto.variables);
  }
}
