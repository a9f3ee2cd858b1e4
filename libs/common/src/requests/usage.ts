import type { UsageBucketWidth } from '../views/usage';

/** GET /api/assistants/:id/usage and GET /api/usage. */
export interface UsageQuery {
  /** ISO 8601 date or time; its bucket is the first. Left out: 30 days before `to`. */
  from?: string;
  /** ISO 8601 date or time; its bucket is the last, included whole. Left out: now. */
  to?: string;
  /** Left out: 'day'. */
  bucket?: UsageBucketWidth;
}
