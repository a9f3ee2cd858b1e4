import type { Caller, UsageFiguresView, UsageReportView, UsageToolView } from '@assistants/common';
import { Injectable } from '@nestjs/common';
import { AssistantsService } from '../assistants/assistants.service';
import type { UsageQueryDto } from './dto/usage.dto';
import { usageRange } from './usage-range';
import { UsageRepository, type ToolUsageRow, type UsageRow } from './usage.repository';

const EMPTY_ROW: Omit<UsageRow, 'bucket'> = {
  messages: 0,
  failed: 0,
  conversations: 0,
  prompt: 0,
  completion: 0,
  total: 0,
  p50: null,
  p95: null,
  rated: 0,
  ratingSum: 0,
  r1: 0,
  r2: 0,
  r3: 0,
  r4: 0,
  r5: 0,
  toolCalls: 0,
  failedToolCalls: 0,
};

const ms = (value: number | null) => (value === null ? null : Math.round(Number(value) * 10) / 10);

function figures(row: Omit<UsageRow, 'bucket'>): UsageFiguresView {
  return {
    messages: row.messages,
    failedAnswers: row.failed,
    conversations: row.conversations,
    tokens: { prompt: Number(row.prompt), completion: Number(row.completion), total: Number(row.total) },
    latencyMs: { p50: ms(row.p50), p95: ms(row.p95) },
    ratings: {
      count: row.rated,
      average: row.rated ? Math.round((row.ratingSum / row.rated) * 100) / 100 : null,
      distribution: { 1: row.r1, 2: row.r2, 3: row.r3, 4: row.r4, 5: row.r5 },
    },
    toolCalls: row.toolCalls,
    failedToolCalls: row.failedToolCalls,
  };
}

function tool(row: ToolUsageRow): UsageToolView {
  return { server: row.server, name: row.name, calls: row.calls, failed: row.failed, rejected: row.rejected, p50Ms: ms(row.p50), p95Ms: ms(row.p95) };
}

const sum = (buckets: UsageFiguresView[], key: 'conversations' | 'toolCalls' | 'failedToolCalls') => buckets.reduce((n, b) => n + b[key], 0);

@Injectable()
export class UsageService {
  constructor(
    private readonly repository: UsageRepository,
    private readonly assistants: AssistantsService,
  ) {}

  /** An assistant's usage: its owner and admins only, even when the assistant is public. */
  async forAssistant(caller: Caller, assistantId: string, query: UsageQueryDto): Promise<UsageReportView> {
    await this.assistants.findOrFail(caller, assistantId, 'edit');
    return this.report(assistantId, query);
  }

  /** Every assistant together; the route is for admins only. */
  forAll(query: UsageQueryDto): Promise<UsageReportView> {
    return this.report(null, query);
  }

  private async report(assistantId: string | null, query: UsageQueryDto): Promise<UsageReportView> {
    const range = usageRange(query);
    const [rows, tools] = await Promise.all([this.repository.figures(range, assistantId), this.repository.tools(range, assistantId)]);
    const buckets = rows.filter((r) => r.bucket !== null).map((r) => ({ start: new Date(r.bucket!).toISOString(), ...figures(r) }));
    const whole = rows.find((r) => r.bucket === null) ?? {
      ...EMPTY_ROW,
      conversations: sum(buckets, 'conversations'),
      toolCalls: sum(buckets, 'toolCalls'),
      failedToolCalls: sum(buckets, 'failedToolCalls'),
    };
    return {
      assistantId,
      bucket: range.bucket,
      from: range.first.toISOString(),
      to: range.end.toISOString(),
      buckets,
      totals: figures(whole),
      tools: tools.map(tool),
    };
  }
}
