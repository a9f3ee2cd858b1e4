import {
  LISTED_CONVERSATION_STATUSES,
  MAX_CONVERSATION_SEARCH_LENGTH,
  MAX_CONVERSATION_TAG_LENGTH,
  MAX_CONVERSATION_TAGS,
  type CreateConversationRequest,
  type ListConversationsQuery,
  type ListedConversationStatus,
  type ListMessagesQuery,
  type UpdateConversationRequest,
} from '@assistants/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from '../../common/pagination.dto';
import { IsTagEach } from '../../common/patterns';
import { IsOptionalNotNull, trimString } from '../../common/validation';

/** Trimmed, lower-cased, duplicates dropped. */
const normaliseTags = ({ value }: { value: unknown }) =>
  Array.isArray(value) ? [...new Set(value.map((t) => (typeof t === 'string' ? t.trim().toLowerCase() : t)))] : value;

export class CreateConversationDto implements CreateConversationRequest {
  @ApiProperty()
  @IsUUID()
  assistantId: string;

  @ApiPropertyOptional({ maxLength: 200, description: 'Left out: untitled (an empty title; clients show their own placeholder).' })
  @IsOptional()
  @Transform(trimString)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title?: string;
}

export class UpdateConversationDto implements UpdateConversationRequest {
  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptionalNotNull()
  @Transform(trimString)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title?: string;

  @ApiPropertyOptional({ enum: LISTED_CONVERSATION_STATUSES, description: 'Archive or restore; delete with DELETE.' })
  @IsOptionalNotNull()
  @IsIn(LISTED_CONVERSATION_STATUSES)
  status?: ListedConversationStatus;

  @ApiPropertyOptional({ description: 'true pins it (pinned ones come first in the list), false unpins it.' })
  @IsOptionalNotNull()
  @IsBoolean()
  pinned?: boolean;

  @ApiPropertyOptional({ type: [String], maxItems: MAX_CONVERSATION_TAGS, description: 'Replaces its tags (lower-cased).' })
  @IsOptionalNotNull()
  @Transform(normaliseTags)
  @IsArray()
  @ArrayMaxSize(MAX_CONVERSATION_TAGS)
  @IsString({ each: true })
  @IsTagEach(MAX_CONVERSATION_TAG_LENGTH)
  tags?: string[];
}

export class ListConversationsQueryDto extends PageQueryDto implements ListConversationsQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  assistantId?: string;

  @ApiPropertyOptional({ enum: LISTED_CONVERSATION_STATUSES, default: 'active' })
  @IsOptional()
  @IsIn(LISTED_CONVERSATION_STATUSES)
  status: ListedConversationStatus = 'active';

  @ApiPropertyOptional({ maxLength: MAX_CONVERSATION_SEARCH_LENGTH, description: 'Full text over titles and message content; results carry a snippet.' })
  @IsOptional()
  @Transform(trimString)
  @IsString()
  @MaxLength(MAX_CONVERSATION_SEARCH_LENGTH)
  search?: string;

  @ApiPropertyOptional({ maxLength: MAX_CONVERSATION_TAG_LENGTH, description: 'Only conversations with this tag.' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsString()
  @MaxLength(MAX_CONVERSATION_TAG_LENGTH)
  tag?: string;
}

export class ListMessagesQueryDto implements ListMessagesQuery {
  @ApiPropertyOptional({ description: 'nextCursor of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit = 50;

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc', description: 'asc: oldest first; desc: newest first.' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order: 'asc' | 'desc' = 'asc';
}
