import { BadRequestException } from '@nestjs/common';
import type { Bucket } from './dto/usage.dto';
import type { UsageRange } from './usage.repository';
import { problemText } from '../common/errors';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const DEFAULT_DAYS = 30;
/** Longest range per bucket width: a year of days or weeks, a month of hours. */
export const MAX_RANGE_DAYS: Record<Bucket, number> = { hour: 31, day: 366, week: 366 };

/** A date or a time; a time without an offset is read as UTC, never as the server's zone. */
function parse(value: string, name: string): Date {
  const utc = /T/.test(value) && !/(Z|[+-]\d\d(:?\d\d)?)$/i.test(value) ? `${value}Z` : value;
  const date = new Date(utc);
  if (Number.isNaN(date.getTime())) throw new BadRequestException(problemText('usage.date_invalid', { field: name }));
  return date;
}

/** Start of the UTC hour, day or ISO week (Monday) holding the instant, as PostgreSQL's date_trunc does. */
export function truncate(date: Date, bucket: Bucket): Date {
  const t = new Date(date);
  t.setUTCMinutes(0, 0, 0);
  if (bucket === 'hour') return t;
  t.setUTCHours(0);
  if (bucket === 'week') t.setUTCDate(t.getUTCDate() - ((t.getUTCDay() + 6) % 7));
  return t;
}

function step(date: Date, bucket: Bucket): Date {
  return new Date(date.getTime() + (bucket === 'hour' ? HOUR : bucket === 'day' ? DAY : 7 * DAY));
}

/** Checks from/to (400 problems) and names the buckets: from's bucket through to's, both whole. */
export function usageRange(query: { from?: string; to?: string; bucket: Bucket }, now = new Date()): UsageRange {
  const to = query.to ? parse(query.to, 'to') : now;
  const from = query.from ? parse(query.from, 'from') : new Date(to.getTime() - DEFAULT_DAYS * DAY);
  if (from > to) throw new BadRequestException(problemText('usage.range_reversed'));
  const max = MAX_RANGE_DAYS[query.bucket];
  if (to.getTime() - from.getTime() > max * DAY) {
    throw new BadRequestException(problemText('usage.range_too_long', { max, bucket: query.bucket }));
  }
  const first = truncate(from, query.bucket);
  const last = truncate(to, query.bucket);
  return { bucket: query.bucket, first, last, end: step(last, query.bucket) };
}
