import type { ExportConversationQuery } from '@assistants/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { EXPORT_FORMATS, type ExportFormat } from './export.types';

export class ExportQueryDto implements ExportConversationQuery {
  @ApiPropertyOptional({ enum: EXPORT_FORMATS, default: 'md', description: 'md (Markdown), json (the conversation view with every message), txt or pdf.' })
  @IsOptional()
  @IsIn(EXPORT_FORMATS)
  format: ExportFormat = 'md';
}
