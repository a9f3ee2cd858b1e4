import {
  USAGE_BUCKETS,
  type UsageBucketView,
  type UsageBucketWidth,
  type UsageFiguresView,
  type UsageLatencyView,
  type UsageRatingsView,
  type UsageReportView,
  type UsageQuery,
  type UsageTokensView,
  type UsageToolView,
} from '@assistants/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional } from 'class-validator';

// The response classes only describe the views of libs/common for OpenAPI; `implements` keeps
// them from drifting apart, and the web app imports the views, not these classes.
export const BUCKETS = USAGE_BUCKETS;
export type Bucket = UsageBucketWidth;

export class UsageQueryDto implements UsageQuery {
  @ApiPropertyOptional({
    description: 'ISO 8601 date or time (UTC unless an offset is given); its bucket is the first. Default: 30 days before `to`.',
    example: '2026-11-01',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'ISO 8601 date or time; its bucket is the last, included whole. Default: now.', example: '2026-11-30' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ enum: BUCKETS, default: 'day', description: 'Bucket width, in UTC; weeks start on Monday.' })
  @IsOptional()
  @IsIn(BUCKETS)
  bucket: Bucket = 'day';
}

export class UsageTokens implements UsageTokensView {
  @ApiProperty() prompt: number;
  @ApiProperty() completion: number;
  @ApiProperty() total: number;
}

export class UsageLatency implements UsageLatencyView {
  @ApiProperty({ type: Number, nullable: true, description: 'Median processing time of finished answers (ms); null when none.' }) p50: number | null;
  @ApiProperty({ type: Number, nullable: true }) p95: number | null;
}

export class UsageRatings implements UsageRatingsView {
  @ApiProperty() count: number;
  @ApiProperty({ type: Number, nullable: true }) average: number | null;
  @ApiProperty({ description: 'How many answers got 1, 2, 3, 4 and 5 stars.', example: { 1: 0, 2: 0, 3: 1, 4: 2, 5: 5 } })
  distribution: Record<'1' | '2' | '3' | '4' | '5', number>;
}

export class UsageFigures implements UsageFiguresView {
  @ApiProperty({ description: 'User and assistant messages written.' }) messages: number;
  @ApiProperty({ description: 'Answers that failed.' }) failedAnswers: number;
  @ApiProperty({ description: 'Conversations started.' }) conversations: number;
  @ApiProperty({ type: UsageTokens }) tokens: UsageTokens;
  @ApiProperty({ type: UsageLatency }) latencyMs: UsageLatency;
  @ApiProperty({ type: UsageRatings, description: 'Ratings of the answers given in the bucket.' }) ratings: UsageRatings;
  @ApiProperty({ description: 'Tool calls asked for in the bucket, whatever became of them.' }) toolCalls: number;
  @ApiProperty({ description: "Of those, calls that failed (the tool's error, or refused at once)." }) failedToolCalls: number;
}

export class UsageBucket extends UsageFigures implements UsageBucketView {
  @ApiProperty({ description: 'Start of the bucket (UTC).' }) start: string;
}

export class UsageTool implements UsageToolView {
  @ApiProperty({ description: 'The tool server\'s name, "builtin", or "unknown" for a tool the model made up.' }) server: string;
  @ApiProperty() name: string;
  @ApiProperty() calls: number;
  @ApiProperty() failed: number;
  @ApiProperty() rejected: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Median duration of the calls that ran (ms); null when none ran.' }) p50Ms: number | null;
  @ApiProperty({ type: Number, nullable: true }) p95Ms: number | null;
}

export class UsageReport implements UsageReportView {
  @ApiProperty({ type: String, nullable: true, description: 'null for the admin-wide report.' }) assistantId: string | null;
  @ApiProperty({ enum: BUCKETS }) bucket: Bucket;
  @ApiProperty({ description: 'Start of the first bucket.' }) from: string;
  @ApiProperty({ description: 'End of the last bucket (exclusive).' }) to: string;
  @ApiProperty({ type: [UsageBucket], description: 'Every bucket of the range, empty ones with zeros.' }) buckets: UsageBucket[];
  @ApiProperty({ type: UsageFigures, description: 'The whole range (percentiles over all of it).' }) totals: UsageFigures;
  @ApiProperty({ type: [UsageTool], description: 'Every tool called in the range, most called first, then by name.' }) tools: UsageTool[];
}
