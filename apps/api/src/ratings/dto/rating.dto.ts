import type { RateMessageRequest } from '@assistants/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { trimString } from '../../common/validation';

export const MAX_RATING_COMMENT = 2000;

export class RateMessageDto implements RateMessageRequest {
  @ApiProperty({ minimum: 1, maximum: 5, description: 'Stars, 1 (bad) to 5 (excellent).' })
  @IsInt()
  @Min(1)
  @Max(5)
  rating: number;

  @ApiPropertyOptional({
    type: String,
    maxLength: MAX_RATING_COMMENT,
    nullable: true,
    description: 'Replaces the earlier comment; left out or empty removes it.',
  })
  @IsOptional()
  @Transform(trimString)
  @IsString()
  @MaxLength(MAX_RATING_COMMENT)
  comment?: string | null;
}

/** An assistant's or template's rating after the change. */
export class RatedTotals {
  @ApiProperty() id: string;
  @ApiProperty({ type: Number, nullable: true, description: 'null when nothing is rated.' }) averageRating: number | null;
  @ApiProperty() ratingCount: number;
}

export class RatingView {
  @ApiProperty() messageId: string;
  @ApiProperty({ type: Number, nullable: true, minimum: 1, maximum: 5 }) rating: number | null;
  @ApiProperty({ type: String, nullable: true }) comment: string | null;
  @ApiProperty({ type: RatedTotals, description: 'The assistant after the change.' }) assistant: RatedTotals;
  @ApiProperty({ type: RatedTotals, nullable: true, description: 'The template the answer used, if it still exists.' }) template: RatedTotals | null;
}
