import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export const MAX_RATING_COMMENT = 2000;

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class RateMessageDto {
  @ApiProperty({ minimum: 1, maximum: 5, description: 'Stars, 1 (bad) to 5 (excellent).' })
  @IsInt() @Min(1) @Max(5)
  rating: number;

  @ApiPropertyOptional({ maxLength: MAX_RATING_COMMENT, nullable: true, description: 'Replaces the earlier comment; left out or empty removes it.' })
  @IsOptional() @Transform(trim) @IsString() @MaxLength(MAX_RATING_COMMENT)
  comment?: string | null;
}

export class RatingView {
  @ApiProperty() messageId: string;
  @ApiProperty({ nullable: true, minimum: 1, maximum: 5 }) rating: number | null;
  @ApiProperty({ nullable: true }) comment: string | null;
  @ApiProperty({ description: 'The assistant after the change: averageRating (null when unrated) and ratingCount.' })
  assistant: RatedTotals;
  @ApiProperty({ nullable: true, description: 'The template the answer used, if it still exists.' })
  template: RatedTotals | null;
}

export interface RatedTotals {
  id: string;
  averageRating: number | null;
  ratingCount: number;
}
