import type { Caller } from '@assistants/common';
import { Controller, Get, Logger, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentCaller, RequireScope } from '../../auth/auth.decorators';
import { IdPipe } from '../../common/id.pipe';
import { VIEW_SCHEMAS } from '../../common/view-schemas';
import { ExportQueryDto } from './export.dto';
import { ExportService } from './export.service';
import { ExportAborted } from './sink';

@ApiTags('conversations')
@ApiBearerAuth()
@Controller('conversations')
export class ExportController {
  private readonly logger = new Logger('Export');

  constructor(private readonly exports: ExportService) {}

  @Get(':id/export')
  @RequireScope('read')
  @ApiOperation({ summary: 'Download a conversation as Markdown, JSON, plain text or PDF (the owner; admins may read).' })
  @ApiProduces('text/markdown', 'application/json', 'text/plain', 'application/pdf')
  @ApiOkResponse({
    description: 'An attachment named after the conversation title.',
    content: {
      'application/json': {
        schema: {
          type: 'object',
          required: ['exportedAt', 'conversation', 'messages'],
          properties: { exportedAt: { type: 'string' }, conversation: VIEW_SCHEMAS.conversation, messages: { type: 'array', items: VIEW_SCHEMAS.message } },
        },
      },
      'text/markdown': { schema: { type: 'string' } },
      'text/plain': { schema: { type: 'string' } },
      'application/pdf': { schema: { type: 'string', format: 'binary' } },
    },
  })
  async export(@CurrentCaller() caller: Caller, @Param('id', IdPipe) id: string, @Query() query: ExportQueryDto, @Res() res: Response): Promise<void> {
    const gone = new AbortController();
    res.once('close', () => gone.abort());
    const prepared = await this.exports.prepare(caller, id, query.format, gone.signal);
    res.status(200).set(prepared.headers);
    try {
      await prepared.write(res);
    } catch (error) {
      // Headers are gone already: the only honest signal left is a cut connection.
      if (!(error instanceof ExportAborted)) this.logger.error({ err: error, conversationId: id }, 'export failed midway');
      res.destroy();
    }
  }
}
