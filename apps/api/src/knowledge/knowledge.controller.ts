import type { Caller } from '@assistants/common';
import { Controller, Delete, Get, HttpCode, Param, Post, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import { IdPipe } from '../common/id.pipe';
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
  upload(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string, @UploadedFile() file?: Upload) {
    return this.knowledge.upload(caller, id, file);
  }

  @RequireScope('read')
  @Get('assistants/:id/documents')
  list(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string) {
    return this.knowledge.list(caller, id);
  }

  @RequireScope('read')
  @Get('documents/:id')
  get(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string) {
    return this.knowledge.get(caller, id);
  }

  @RequireScope('admin')
  @Delete('documents/:id')
  @HttpCode(202)
  remove(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string) {
    return this.knowledge.remove(caller, id);
  }

  @RequireScope('admin')
  @Post('documents/:id/retry')
  @HttpCode(202)
  retry(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string) {
    return this.knowledge.retry(caller, id);
  }
}
