import type { RejectToolCallRequest } from '@assistants/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { trimString } from '../../common/validation';

export class RejectToolCallDto implements RejectToolCallRequest {
  @ApiPropertyOptional({ maxLength: 1000, description: 'Why: the model reads it as the call’s result.' })
  @IsOptional()
  @Transform(trimString)
  @IsString()
  @MaxLength(1000)
  reason?: string;
}
