import type { Caller, DocumentRemovalView, DocumentView, TaskView, UploadedDocumentView } from '@assistants/common';
import { Controller, Delete, Get, HttpCode, Param, Post, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import { IdPipe } from '../common/id.pipe';
import { ApiView } from '../common/view-schemas';
import { KnowledgeService, type UploadedFile as Upload } from './knowledge.service';

@ApiTags('knowledge')
@ApiBearerAuth()
@Controller()
export class KnowledgeController {
  constructor(private readonly knowledge: KnowledgeService) {}

  @RequireScope('admin')
  @Post('assistants/:id/documents')
  @HttpCode(202)
  @UseInterceptors(FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiView(202, 'uploadedDocument')
  upload(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string, @UploadedFile() file?: Upload): Promise<UploadedDocumentView> {
    return this.knowledge.upload(caller, id, file);
  }

  @RequireScope('read')
  @Get('assistants/:id/documents')
  @ApiView(200, 'document', 'array')
  list(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string): Promise<DocumentView[]> {
    return this.knowledge.list(caller, id);
  }

  @RequireScope('read')
  @Get('documents/:id')
  @ApiView(200, 'document')
  get(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string): Promise<DocumentView> {
    return this.knowledge.get(caller, id);
  }

  @RequireScope('admin')
  @Delete('documents/:id')
  @HttpCode(202)
  @ApiView(202, 'documentRemoval')
  remove(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string): Promise<DocumentRemovalView> {
    return this.knowledge.remove(caller, id);
  }

  @RequireScope('admin')
  @Post('documents/:id/retry')
  @HttpCode(202)
  @ApiView(202, 'task')
  retry(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string): Promise<TaskView> {
    return this.knowledge.retry(caller, id);
  }
}
