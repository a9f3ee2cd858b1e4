import {
  ASSISTANT_SETTING_DEFAULTS,
  ASSISTANT_TYPES,
  type AssistantType,
  type CreateAssistantRequest,
  type ListAssistantsQuery,
  type SetDefaultTemplateRequest,
  type UpdateAssistantRequest,
} from '@assistants/common';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsNumber, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { PageQueryDto } from '../../common/pagination.dto';
import { IsOptionalNotNull, trimString } from '../../common/validation';

const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class CreateAssistantDto implements CreateAssistantRequest {
  @ApiProperty({ example: 'HR helper' })
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

  @ApiPropertyOptional({ enum: ASSISTANT_TYPES, default: 'custom' })
  @IsOptionalNotNull()
  @IsIn(ASSISTANT_TYPES)
  assistantType?: AssistantType;

  @ApiPropertyOptional({ description: 'Null or empty uses the default prompt of the assistant type.', maxLength: 20000, nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(20000)
  systemPrompt?: string | null;

  @ApiPropertyOptional({ description: 'Model name at the OpenAI-compatible endpoint; defaults to LLM_DEFAULT_MODEL.' })
  @IsOptionalNotNull()
  @Transform(trimString)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  llmModel?: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'The provider of llmModel (see GET /api/llm-providers/models); null: the built-in one.' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  llmProviderId?: string | null;

  @ApiPropertyOptional({ default: false, description: 'Whether people chatting may pick another offered model for their conversation.' })
  @IsOptionalNotNull()
  @IsBoolean()
  allowModelChoice?: boolean;

  // Null means "the default" (an emptied field in a form), never 0; the view shows the value that applies.
  @ApiPropertyOptional({ minimum: 0, maximum: 2, default: ASSISTANT_SETTING_DEFAULTS.temperature, nullable: true, description: 'Null: the default.' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(2)
  temperature?: number | null;

  @ApiPropertyOptional({ minimum: 1, maximum: 128000, default: ASSISTANT_SETTING_DEFAULTS.maxTokens, nullable: true, description: 'Null: the default.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(128000)
  maxTokens?: number | null;

  @ApiPropertyOptional({ default: false })
  @IsOptionalNotNull()
  @IsBoolean()
  isPublic?: boolean;

  @ApiPropertyOptional({
    default: false,
    description: 'Whether people besides the owner and admins may read the system prompt (in the assistant and in what was sent to the model).',
  })
  @IsOptionalNotNull()
  @IsBoolean()
  showPromptToUsers?: boolean;

  @ApiPropertyOptional({ default: true })
  @IsOptionalNotNull()
  @IsBoolean()
  enableSearch?: boolean;

  @ApiPropertyOptional({ minimum: 1, maximum: 50, default: ASSISTANT_SETTING_DEFAULTS.searchLimit, nullable: true, description: 'Null: the default.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(50)
  searchLimit?: number | null;

  @ApiPropertyOptional({
    minimum: 32,
    maximum: 2048,
    default: 256,
    description: 'Tokens per knowledge chunk; applies to documents ingested afterwards (POST /api/assistants/:id/reindex applies it to the others).',
  })
  @IsOptionalNotNull()
  @IsInt()
  @Min(32)
  @Max(2048)
  chunkSize?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 512, default: 32, description: 'Tokens repeated from the previous chunk; less than half of chunkSize.' })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(512)
  chunkOverlap?: number;
}

export class UpdateAssistantDto extends PartialType(CreateAssistantDto, { skipNullProperties: false }) implements UpdateAssistantRequest {}

export class ListAssistantsQueryDto extends PageQueryDto implements ListAssistantsQuery {
  @ApiPropertyOptional({ description: 'Matches name or description.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  search?: string;

  @ApiPropertyOptional({ enum: ASSISTANT_TYPES })
  @IsOptional()
  @IsIn(ASSISTANT_TYPES)
  type?: AssistantType;

  @ApiPropertyOptional({ description: 'Only assistants the caller owns.' })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  mine?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  isPublic?: boolean;
}

export class SetDefaultTemplateDto implements SetDefaultTemplateRequest {
  // No @Type(() => String): it would call String() on whatever came, and an object with its own toString key throws (a 500).
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'A template id, or null for none.' })
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  templateId: string | null;
}
