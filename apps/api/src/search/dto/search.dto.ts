import type { SearchRequest } from '@assistants/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsNotEmpty, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsOptionalNotNull } from '../../common/validation';

export class SearchDto implements SearchRequest {
  @ApiProperty({ example: 'How many days of parental leave?', maxLength: 2000 })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  query: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 50,
    description: "How many passages to return after fusion; by default the assistant's searchLimit, as a chat turn.",
  })
  @IsOptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(50)
  limit?: number;
}
