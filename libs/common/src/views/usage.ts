import type { IsoDateTime, ViewKeys } from './keys';

export const USAGE_BUCKETS = ['hour', 'day', 'week'] as const;
export type UsageBucketWidth = (typeof USAGE_BUCKETS)[number];

export interface UsageTokensView {
  prompt: number;
  completion: number;
  total: number;
}

export interface UsageLatencyView {
  /** Median processing time of finished answers (ms); null when there were none. */
  p50: number | null;
  p95: number | null;
}

export interface UsageRatingsView {
  count: number;
  /** Rounded to two decimals; null before the first rating. */
  average: number | null;
  /** How many answers got 1, 2, 3, 4 and 5 stars. */
  distribution: Record<'1' | '2' | '3' | '4' | '5', number>;
}

/** The figures of one bucket, or of the whole range. */
export interface UsageFiguresView {
  /** User and assistant messages written. */
  messages: number;
  /** Answers that failed. */
  failedAnswers: number;
  /** Conversations started. */
  conversations: number;
  tokens: UsageTokensView;
  latencyMs: UsageLatencyView;
  /** Ratings of the answers given in the bucket. */
  ratings: UsageRatingsView;
  /** Tool calls the answers asked for, counted in the bucket they were asked in, whatever became of them. */
  toolCalls: number;
  /** Of those, calls that failed: the tool's error, or refused at once (no such tool, arguments not a JSON object). */
  failedToolCalls: number;
}

export interface UsageBucketView extends UsageFiguresView {
  /** Start of the bucket (UTC). */
  start: IsoDateTime;
}

/** One tool's calls over the whole range. */
export interface UsageToolView {
  /** The tool server's name, or "builtin" ("unknown" for a tool the model made up). */
  server: string;
  name: string;
  calls: number;
  failed: number;
  rejected: number;
  /** Median duration of the calls that ran (ms); null when none ran. */
  p50Ms: number | null;
  p95Ms: number | null;
}

/** GET /api/assistants/:id/usage and GET /api/usage: every bucket of the range (empty ones as zeros) and the whole range. */
export interface UsageReportView {
  /** null for the admin-wide report. */
  assistantId: string | null;
  bucket: UsageBucketWidth;
  /** Start of the first bucket. */
  from: IsoDateTime;
  /** End of the last bucket (exclusive). */
  to: IsoDateTime;
  buckets: UsageBucketView[];
  /** Percentiles over the whole range, not averaged from the buckets. */
  totals: UsageFiguresView;
  /** Every tool called in the range, most called first (then by name). */
  tools: UsageToolView[];
}

export const USAGE_FIGURES_KEYS: ViewKeys<UsageFiguresView> = {
  messages: 'required',
  failedAnswers: 'required',
  conversations: 'required',
  tokens: 'required',
  latencyMs: 'required',
  ratings: 'required',
  toolCalls: 'required',
  failedToolCalls: 'required',
};

export const USAGE_BUCKET_KEYS: ViewKeys<UsageBucketView> = { ...USAGE_FIGURES_KEYS, start: 'required' };
export const USAGE_TOKENS_KEYS: ViewKeys<UsageTokensView> = { prompt: 'required', completion: 'required', total: 'required' };
export const USAGE_LATENCY_KEYS: ViewKeys<UsageLatencyView> = { p50: 'required', p95: 'required' };
export const USAGE_RATINGS_KEYS: ViewKeys<UsageRatingsView> = { count: 'required', average: 'required', distribution: 'required' };

export const USAGE_TOOL_KEYS: ViewKeys<UsageToolView> = {
  server: 'required',
  name: 'required',
  calls: 'required',
  failed: 'required',
  rejected: 'required',
  p50Ms: 'required',
  p95Ms: 'required',
};

export const USAGE_REPORT_VIEW_KEYS: ViewKeys<UsageReportView> = {
  assistantId: 'required',
  bucket: 'required',
  from: 'required',
  to: 'required',
  buckets: 'required',
  totals: 'required',
  tools: 'required',
};
