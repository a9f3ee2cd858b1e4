import type { UsageBucketView, UsageFiguresView, UsageReportView } from '@assistants/common';
import { usageCharts } from './usage-chart-data';

const figures = (over: Partial<UsageFiguresView>): UsageFiguresView => ({
  messages: 0,
  failedAnswers: 0,
  conversations: 0,
  tokens: { prompt: 0, completion: 0, total: 0 },
  latencyMs: { p50: null, p95: null },
  ratings: { count: 0, average: null, distribution: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 } },
  toolCalls: 0,
  failedToolCalls: 0,
  ...over,
});
const bucket = (start: string, over: Partial<UsageFiguresView>): UsageBucketView => ({ start, ...figures(over) });
const texts = {
  messages: 'Messages',
  failed: 'Failed',
  p50: 'p50',
  p95: 'p95',
  answers: 'Answers',
  stars: (n: number) => `${n}★`,
  toolCalls: 'Tool calls',
  failedToolCalls: 'Failed calls',
};

describe('usageCharts', () => {
  it('turns a usage report into messages and latency per day and the rating distribution over the range', () => {
    const report: UsageReportView = {
      assistantId: 'a1',
      bucket: 'day',
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-03T00:00:00.000Z',
      buckets: [
        bucket('2026-11-01T00:00:00.000Z', { messages: 6, failedAnswers: 1, latencyMs: { p50: 1200, p95: 2900 } }),
        bucket('2026-11-02T00:00:00.000Z', {}),
      ],
      tools: [],
      totals: figures({ messages: 6, ratings: { count: 3, average: 4, distribution: { 1: 0, 2: 0, 3: 1, 4: 1, 5: 1 } } }),
    };
    const charts = usageCharts(report, texts, 'en');
    expect(charts.messages).toEqual({
      labels: ['Nov 1', 'Nov 2'],
      series: [
        { label: 'Messages', data: [6, 0] },
        { label: 'Failed', data: [1, 0] },
      ],
    });
    // A day without answers has no latency: a gap, not a zero.
    expect(charts.latency.series).toEqual([
      { label: 'p50', data: [1200, null] },
      { label: 'p95', data: [2900, null] },
    ]);
    expect(charts.ratings).toEqual({ labels: ['1★', '2★', '3★', '4★', '5★'], series: [{ label: 'Answers', data: [0, 0, 1, 1, 1] }] });
    // Labels follow the interface language, in UTC as the server bucketed.
    expect(usageCharts(report, texts, 'ru').messages.labels).toEqual(['1 нояб.', '2 нояб.']);
  });

  it('charts the tool calls and the failed ones per bucket', () => {
    const report: UsageReportView = {
      assistantId: 'a1',
      bucket: 'day',
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-03T00:00:00.000Z',
      buckets: [bucket('2026-11-01T00:00:00.000Z', { toolCalls: 9, failedToolCalls: 2 }), bucket('2026-11-02T00:00:00.000Z', {})],
      totals: figures({ toolCalls: 9, failedToolCalls: 2 }),
      tools: [{ server: 'kb', name: 'search', calls: 9, failed: 2, rejected: 0, p50Ms: 120, p95Ms: 300 }],
    };
    expect(usageCharts(report, texts, 'en').toolCalls).toEqual({
      labels: ['Nov 1', 'Nov 2'],
      series: [
        { label: 'Tool calls', data: [9, 0] },
        { label: 'Failed calls', data: [2, 0] },
      ],
    });
  });
});
