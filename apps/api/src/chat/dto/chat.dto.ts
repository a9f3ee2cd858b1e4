import type { ChooseVersionRequest, SendMessageRequest } from '@assistants/common';
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

  @ApiPropertyOptional({ format: 'uuid', description: 'Edit and resend: the question this one replaces (the conversation branches there).' })
  @IsOptional()
  @IsUUID()
  editOf?: string;
}

export class ChooseVersionDto implements ChooseVersionRequest {
  @ApiProperty({ format: 'uuid', description: 'The version to show: an answer or a question of the conversation.' })
  @IsUUID()
  messageId: string;
}
