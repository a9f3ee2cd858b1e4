import type { CreateLlmProviderRequest, SetConversationModelRequest, UpdateLlmProviderRequest } from '@assistants/common';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength, ValidateIf } from 'class-validator';
import { IsOptionalNotNull, trimString } from '../../common/validation';

export class CreateLlmProviderDto implements CreateLlmProviderRequest {
  @ApiProperty({ example: 'OpenAI', maxLength: 100 })
  @Transform(trimString)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  @ApiProperty({
    example: 'https://api.openai.com/v1',
    maxLength: 2000,
    description: 'An OpenAI-compatible API root (http or https), without a user name or password.',
  })
  @Transform(trimString)
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  baseUrl: string;

  @ApiPropertyOptional({
    maxLength: 8000,
    description: 'Stored encrypted and shown as "••••"; on PATCH, "••••" (or leaving it out) keeps the stored key and "" removes it.',
  })
  @IsOptionalNotNull()
  @Transform(trimString)
  @IsString()
  @MaxLength(8000)
  apiKey?: string;
}

export class UpdateLlmProviderDto extends PartialType(CreateLlmProviderDto) implements UpdateLlmProviderRequest {}

export class SetConversationModelDto implements SetConversationModelRequest {
  @ApiProperty({ format: 'uuid', nullable: true, description: 'A provider of GET /api/llm-providers/models; null: the built-in one.' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  providerId: string | null;

  @ApiProperty({ maxLength: 200, description: 'One of the models that provider offers.' })
  @Transform(trimString)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  model: string;
}
