import type { Caller, DocumentView, UploadedDocumentView } from '@assistants/common';
import { Controller, Delete, Get, HttpCode, Param, Post, UploadedFile, UseGuards, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, RequireScope } from '../../auth/auth.decorators';
import { IdPipe } from '../../common/id.pipe';
import { ApiView } from '../../common/view-schemas';
import type { UploadedFile as Upload } from '../../knowledge/knowledge.service';
import { ConversationDocumentsService } from './conversation-documents.service';
import { ConversationUploadAdmissionGuard } from './conversation-upload-admission.guard';

@ApiTags('conversations')
@ApiBearerAuth()
@Controller('conversations/:id/documents')
export class ConversationDocumentsController {
  constructor(private readonly documents: ConversationDocumentsService) {}

  /** Attaches one file to the conversation: read by the ingest workflow, then searched for this conversation's turns only. */
  @RequireScope('chat')
  @Post()
  @HttpCode(202)
  @UseGuards(ConversationUploadAdmissionGuard)
  @UseInterceptors(FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiView(202, 'uploadedDocument')
  upload(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string, @UploadedFile() file?: Upload): Promise<UploadedDocumentView> {
    return this.documents.upload(caller, id, file);
  }

  @RequireScope('read')
  @Get()
  @ApiView(200, 'document', 'array')
  list(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string): Promise<DocumentView[]> {
    return this.documents.list(caller, id);
  }

  @RequireScope('chat')
  @Delete(':documentId')
  @HttpCode(204)
  remove(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string, @Param('documentId', IdPipe) documentId: string): Promise<void> {
    return this.documents.remove(caller, id, documentId);
  }
}
