import {
  LISTED_CONVERSATION_STATUSES,
  type CreateConversationRequest,
  type ListConversationsQuery,
  type ListedConversationStatus,
  type ListMessagesQuery,
  type UpdateConversationRequest,
} from '@assistants/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from '../../common/pagination.dto';
import { IsOptionalNotNull, trimString } from '../../common/validation';

export class CreateConversationDto implements CreateConversationRequest {
  @ApiProperty()
  @IsUUID()
  assistantId: string;

  @ApiPropertyOptional({ maxLength: 200, description: 'Defaults to "New conversation".' })
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
