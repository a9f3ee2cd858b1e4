import { Prisma } from '@assistants/db';
import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';
import type { Bucket } from './dto/usage.dto';

export interface UsageRange {
  bucket: Bucket;
  /** Start of the first bucket and of the last one, UTC. */
  first: Date;
  last: Date;
  /** End of the last bucket (exclusive). */
  end: Date;
}

/** One row per bucket (bucket null: the whole range), as PostgreSQL computed it. */
export interface UsageRow {
  bucket: Date | null;
  messages: number;
  failed: number;
  conversations: number;
  prompt: bigint | number;
  completion: bigint | number;
  total: bigint | number;
  p50: number | null;
  p95: number | null;
  rated: number;
  ratingSum: number;
  r1: number;
  r2: number;
  r3: number;
  r4: number;
  r5: number;
  toolCalls: number;
  failedToolCalls: number;
}

/** One tool's calls over the whole range. */
export interface ToolUsageRow {
  server: string;
  name: string;
  calls: number;
  failed: number;
  rejected: number;
  p50: number | null;
  p95: number | null;
}

/**
 * Usage figures computed by the database, one query per method: buckets from generate_series (so
 * empty ones exist), date_trunc in UTC, percentile_cont for latency; ROLLUP adds the whole range.
 */
@Injectable()
export class UsageRepository {
  constructor(private readonly prisma: PrismaService) {}

  async figures(range: UsageRange, assistantId: string | null): Promise<UsageRow[]> {
    const unit = range.bucket;
    const step = `1 ${unit}`;
    const from = range.first.toISOString();
    const to = range.end.toISOString();
    const ofAssistant = (column: Prisma.Sql) => (assistantId ? Prisma.sql`AND ${column} = ${assistantId}::uuid` : Prisma.empty);
    const truncated = (column: Prisma.Sql) => Prisma.sql`date_trunc(${unit}, ${column} AT TIME ZONE 'UTC')`;
    return this.prisma.client.$queryRaw<UsageRow[]>`
      WITH buckets AS (
        SELECT generate_series(${from}::timestamptz AT TIME ZONE 'UTC', ${range.last.toISOString()}::timestamptz AT TIME ZONE 'UTC', ${step}::interval) AS bucket
      ),
      written AS (
        SELECT ${truncated(Prisma.sql`m.created_at`)} AS bucket, m.role::text AS role, m.status::text AS status,
               m.prompt_tokens, m.completion_tokens, m.total_tokens, m.processing_time_ms, m.rating
        FROM messages m JOIN conversations c ON c.id = m.conversation_id
        WHERE m.created_at >= ${from}::timestamptz AND m.created_at < ${to}::timestamptz
          AND m.role IN ('user', 'assistant') ${ofAssistant(Prisma.sql`c.assistant_id`)}
      ),
      per_bucket AS (
        SELECT bucket,
               count(*)::int AS messages,
               (count(*) FILTER (WHERE role = 'assistant' AND status = 'failed'))::int AS failed,
               coalesce(sum(prompt_tokens), 0)::bigint AS prompt,
               coalesce(sum(completion_tokens), 0)::bigint AS completion,
               coalesce(sum(total_tokens), 0)::bigint AS total,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY processing_time_ms) FILTER (WHERE role = 'assistant' AND status = 'done') AS p50,
               percentile_cont(0.95) WITHIN GROUP (ORDER BY processing_time_ms) FILTER (WHERE role = 'assistant' AND status = 'done') AS p95,
               count(rating)::int AS rated,
               coalesce(sum(rating), 0)::int AS "ratingSum",
               (count(*) FILTER (WHERE rating = 1))::int AS r1,
               (count(*) FILTER (WHERE rating = 2))::int AS r2,
               (count(*) FILTER (WHERE rating = 3))::int AS r3,
               (count(*) FILTER (WHERE rating = 4))::int AS r4,
               (count(*) FILTER (WHERE rating = 5))::int AS r5,
               GROUPING(bucket) AS whole
        FROM written GROUP BY ROLLUP (bucket)
      ),
      started AS (
        SELECT ${truncated(Prisma.sql`created_at`)} AS bucket, count(*)::int AS conversations
        FROM conversations
        WHERE created_at >= ${from}::timestamptz AND created_at < ${to}::timestamptz ${ofAssistant(Prisma.sql`assistant_id`)}
        GROUP BY 1
      ),
      called AS (
        SELECT ${truncated(Prisma.sql`created_at`)} AS bucket, count(*)::int AS calls, (count(*) FILTER (WHERE status = 'failed'))::int AS failed
        FROM tool_calls
        WHERE created_at >= ${from}::timestamptz AND created_at < ${to}::timestamptz ${ofAssistant(Prisma.sql`assistant_id`)}
        GROUP BY 1
      )
      SELECT (b.bucket AT TIME ZONE 'UTC') AS bucket, coalesce(s.conversations, 0)::int AS conversations,
             coalesce(p.messages, 0)::int AS messages, coalesce(p.failed, 0)::int AS failed,
             coalesce(p.prompt, 0)::bigint AS prompt, coalesce(p.completion, 0)::bigint AS completion, coalesce(p.total, 0)::bigint AS total,
             p.p50, p.p95, coalesce(p.rated, 0)::int AS rated, coalesce(p."ratingSum", 0)::int AS "ratingSum",
             coalesce(p.r1, 0)::int AS r1, coalesce(p.r2, 0)::int AS r2, coalesce(p.r3, 0)::int AS r3, coalesce(p.r4, 0)::int AS r4, coalesce(p.r5, 0)::int AS r5,
             coalesce(k.calls, 0)::int AS "toolCalls", coalesce(k.failed, 0)::int AS "failedToolCalls"
      FROM buckets b
      LEFT JOIN per_bucket p ON p.bucket = b.bucket AND p.whole = 0
      LEFT JOIN started s ON s.bucket = b.bucket
      LEFT JOIN called k ON k.bucket = b.bucket
      UNION ALL
      SELECT NULL, (SELECT coalesce(sum(conversations), 0) FROM started)::int,
             messages, failed, prompt, completion, total, p50, p95, rated, "ratingSum", r1, r2, r3, r4, r5,
             (SELECT coalesce(sum(calls), 0) FROM called)::int, (SELECT coalesce(sum(failed), 0) FROM called)::int
      FROM per_bucket WHERE whole = 1
      ORDER BY 1 NULLS LAST`;
  }

  /**
   * Calls per tool over the range, most called first. Durations are null until a call ran, and
   * percentile_cont skips nulls, so the percentiles are of the calls that ran (null when none did).
   * An assistant's report reads the (assistant_id, created_at) index.
   */
  async tools(range: UsageRange, assistantId: string | null): Promise<ToolUsageRow[]> {
    const ofAssistant = assistantId ? Prisma.sql`AND assistant_id = ${assistantId}::uuid` : Prisma.empty;
    return this.prisma.client.$queryRaw<ToolUsageRow[]>`
      SELECT server, name, count(*)::int AS calls,
             (count(*) FILTER (WHERE status = 'failed'))::int AS failed,
             (count(*) FILTER (WHERE status = 'rejected'))::int AS rejected,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) AS p50,
             percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms) AS p95
      FROM tool_calls
      WHERE created_at >= ${range.first.toISOString()}::timestamptz AND created_at < ${range.end.toISOString()}::timestamptz ${ofAssistant}
      GROUP BY server, name
      ORDER BY calls DESC, name, server`;
  }
}
