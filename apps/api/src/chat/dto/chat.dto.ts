import type { ChooseVersionRequest, SendMessageRequest } from '@assistants/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { IsClientId } from '../../common/patterns';
import { IsStringMap } from '../../common/validation';

export class SendMessageDto implements SendMessageRequest {
  @ApiProperty({ example: 'What is our parental leave policy?', maxLength: 32000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(32000)
  content: string;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: "Prompt template for this message; left out: the assistant's default template; null: no template.",
  })
  @IsOptional()
  @IsUUID()
  templateId?: string | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    description:
      'Values for the template {{variables}}, on top of those the conversation keeps (its templateVariables, which these replace). A message whose template still has an empty variable is refused (400 template.unfilled_variables).',
  })
  @IsOptional()
  @IsStringMap()
  variables?: Record<string, string>;

  @ApiPropertyOptional({ description: 'Idempotency key (same as the Idempotency-Key header): a retried POST returns the same turn.' })
  @IsOptional()
  @IsString()
  @IsClientId('clientMessageId', 100)
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
