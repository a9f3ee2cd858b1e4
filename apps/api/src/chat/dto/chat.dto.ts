import type { SendMessageRequest } from '@assistants/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { IsStringMap } from '../../common/validation';

export class SendMessageDto implements SendMessageRequest {
  @ApiProperty({ example: 'What is our parental leave policy?', maxLength: 32000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(32000)
  content: string;

  @ApiPropertyOptional({ description: "Prompt template for this message; defaults to the assistant's default template." })
  @IsOptional()
  @IsUUID()
  templateId?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' }, description: 'Values for the template {{variables}}.' })
  @IsOptional()
  @IsStringMap()
  variables?: Record<string, string>;

  @ApiPropertyOptional({ description: 'Idempotency key (same as the Idempotency-Key header): a retried POST returns the same turn.' })
  @IsOptional()
  @IsString()
  @Matches(/^[\w.:-]{1,100}$/, { message: 'clientMessageId must be 1-100 letters, digits, _ . : or -' })
  clientMessageId?: string;
}
