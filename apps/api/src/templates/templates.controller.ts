import type { Caller, Page, RenderedTemplateView, TemplateView } from '@assistants/common';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import { IdPipe } from '../common/id.pipe';
import { ApiView } from '../common/view-schemas';
import { CreateTemplateDto, ListTemplatesQueryDto, PreviewTemplateDto, RenderTemplateDto, UpdateTemplateDto } from './dto/template.dto';
import { TemplatesService } from './templates.service';

@ApiTags('templates')
@ApiBearerAuth()
@Controller('templates')
export class TemplatesController {
  constructor(private readonly templates: TemplatesService) {}

  @RequireScope('read')
  @Get()
  @ApiView(200, 'template', 'page')
  list(@CurrentCaller() caller: Caller, @Query() query: ListTemplatesQueryDto): Promise<Page<TemplateView>> {
    return this.templates.list(caller, query);
  }

  @RequireScope('admin')
  @Post()
  @ApiView(201, 'template')
  create(@CurrentCaller() caller: Caller, @Body() dto: CreateTemplateDto): Promise<TemplateView> {
    return this.templates.create(caller, dto);
  }

  /** Renders unsaved text, for the template editor. */
  @RequireScope('read')
  @Post('preview')
  @HttpCode(200)
  @ApiView(200, 'renderedTemplate')
  preview(@Body() dto: PreviewTemplateDto): RenderedTemplateView {
    return this.templates.preview(dto.promptText, dto.variables);
  }

  @RequireScope('read')
  @Get(':id')
  @ApiView(200, 'template')
  get(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string): Promise<TemplateView> {
    return this.templates.get(caller, id);
  }

  @RequireScope('admin')
  @Patch(':id')
  @ApiView(200, 'template')
  update(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string, @Body() dto: UpdateTemplateDto): Promise<TemplateView> {
    return this.templates.update(caller, id, dto);
  }

  @RequireScope('admin')
  @Delete(':id')
  @HttpCode(204)
  remove(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string): Promise<void> {
    return this.templates.remove(caller, id);
  }

  @RequireScope('read')
  @Post(':id/render')
  @HttpCode(200)
  @ApiView(200, 'renderedTemplate')
  render(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string, @Body() dto: RenderTemplateDto): Promise<RenderedTemplateView> {
    return this.templates.render(caller, id, dto.variables);
  }
}
