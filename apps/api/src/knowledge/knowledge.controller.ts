import type { AssistantReindexView, Caller, DocumentRemovalView, DocumentView, TaskView, UploadBatchView, UploadedDocumentView } from '@assistants/common';
import { Controller, Delete, Get, HttpCode, Param, Post, UploadedFiles, UseGuards, UseInterceptors } from '@nestjs/common';
import { FileFieldsInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConflictResponse, ApiConsumes, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import { IdPipe } from '../common/id.pipe';
import { ApiView, VIEW_SCHEMAS } from '../common/view-schemas';
import { KnowledgeService, type UploadedFile as Upload } from './knowledge.service';
import { UploadAdmissionGuard } from './upload-admission.guard';

@ApiTags('knowledge')
@ApiBearerAuth()
@Controller()
export class KnowledgeController {
  constructor(private readonly knowledge: KnowledgeService) {}

  /**
   * One `file` answers as before (the document, or a problem); several files, or any in `files`, answer per file.
   * The guard admits or refuses the upload before the interceptor reads its body.
   */
  @RequireScope('admin')
  @Post('assistants/:id/documents')
  @HttpCode(202)
  @UseGuards(UploadAdmissionGuard)
  @UseInterceptors(FileFieldsInterceptor([{ name: 'file' }, { name: 'files' }]))
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      properties: { file: { type: 'string', format: 'binary' }, files: { type: 'array', items: { type: 'string', format: 'binary' } } },
    },
  })
  @ApiResponse({ status: 202, schema: { oneOf: [VIEW_SCHEMAS.uploadedDocument, VIEW_SCHEMAS.uploadBatch] } })
  upload(
    @CurrentCaller() caller: Caller,
    @Param('id', IdPipe) id: string,
    @UploadedFiles() parts: { file?: Upload[]; files?: Upload[] } = {},
  ): Promise<UploadedDocumentView | UploadBatchView> {
    const files = [...(parts.file ?? []), ...(parts.files ?? [])];
    if (files.length <= 1 && !parts.files?.length) return this.knowledge.upload(caller, id, files[0]);
    return this.knowledge.uploadMany(caller, id, files);
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

  @RequireScope('admin')
  @Post('documents/:id/reindex')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Index a document again',
    description:
      "Chunks the stored upload again with the assistant's current chunkSize/chunkOverlap and embeds it with the current embedding model. " +
      'The previous index stays searchable until the new one is complete. Answers with the document (status queued); its taskId tracks the run.',
  })
  @ApiView(202, 'document')
  @ApiConflictResponse({ description: 'The document is still being processed.' })
  reindex(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string): Promise<DocumentView> {
    return this.knowledge.reindex(caller, id);
  }

  @RequireScope('admin')
  @Post('assistants/:id/reindex')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Index every ready document of an assistant again',
    description: 'One task (reindex-assistant-<id>) re-indexes the documents one after another; the task reports done/total in `items`.',
  })
  @ApiView(202, 'assistantReindex')
  @ApiConflictResponse({ description: 'A re-index of this assistant is already running.' })
  reindexAssistant(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string): Promise<AssistantReindexView> {
    return this.knowledge.reindexAssistant(caller, id);
  }
}
