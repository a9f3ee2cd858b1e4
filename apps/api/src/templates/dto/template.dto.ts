import {
  RESPONSE_FORMATS,
  TEMPLATE_TYPES,
  type CreateTemplateRequest,
  type ListTemplatesQuery,
  type PreviewTemplateRequest,
  type RenderTemplateRequest,
  type ResponseFormat,
  type TemplateType,
  type UpdateTemplateRequest,
} from '@assistants/common';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination.dto';
import { IsTagEach } from '../../common/patterns';
import { IsOptionalNotNull, IsStringMap, trimString } from '../../common/validation';

const normaliseTags = ({ value }: { value: unknown }) =>
  Array.isArray(value) ? [...new Set(value.map((t) => (typeof t === 'string' ? t.trim().toLowerCase() : t)))] : value;

export class CreateTemplateDto implements CreateTemplateRequest {
  @ApiProperty({ example: 'Answer with sources' })
  @Transform(trimString)
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  name: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiPropertyOptional({ enum: TEMPLATE_TYPES, default: 'general' })
  @IsOptionalNotNull()
  @IsIn(TEMPLATE_TYPES)
  templateType?: TemplateType;

  @ApiProperty({ description: 'Prompt text with {{variables}}.', example: 'Answer {{question}} in {{language}}.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50000)
  promptText: string;

  @ApiPropertyOptional({ enum: RESPONSE_FORMATS, default: 'markdown' })
  @IsOptionalNotNull()
  @IsIn(RESPONSE_FORMATS)
  responseFormat?: ResponseFormat;

  @ApiPropertyOptional({ type: [String], example: ['hr', 'policy'] })
  @IsOptionalNotNull()
  @Transform(normaliseTags)
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @IsTagEach(40)
  tags?: string[];

  @ApiPropertyOptional({ default: false, description: 'Public templates can be used by every user.' })
  @IsOptionalNotNull()
  @IsBoolean()
  isPublic?: boolean;
}

export class UpdateTemplateDto extends PartialType(CreateTemplateDto, { skipNullProperties: false }) implements UpdateTemplateRequest {}

export class ListTemplatesQueryDto extends PageQueryDto implements ListTemplatesQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsString()
  @MaxLength(40)
  tag?: string;

  @ApiPropertyOptional({ enum: TEMPLATE_TYPES })
  @IsOptional()
  @IsIn(TEMPLATE_TYPES)
  type?: TemplateType;

  @ApiPropertyOptional({ description: 'Matches name or description.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  search?: string;
}

export class RenderTemplateDto implements RenderTemplateRequest {
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' }, example: { question: 'What is our leave policy?' } })
  @IsOptionalNotNull()
  @IsStringMap()
  @Transform(({ value }) => value, { toClassOnly: true })
  variables?: Record<string, string>;
}

export class PreviewTemplateDto extends RenderTemplateDto implements PreviewTemplateRequest {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(50000)
  promptText: string;
}
