import type { UsageReportView } from '@assistants/common';

export interface Series {
  label: string;
  data: (number | null)[];
}

export interface ChartData {
  labels: string[];
  series: Series[];
}

export interface UsageCharts {
  messages: ChartData;
  latency: ChartData;
  ratings: ChartData;
  toolCalls: ChartData;
}

/** Texts the charts need, already translated. */
export interface ChartTexts {
  messages: string;
  failed: string;
  p50: string;
  p95: string;
  answers: string;
  stars: (n: number) => string;
  toolCalls: string;
  failedToolCalls: string;
}

const STARS = ['1', '2', '3', '4', '5'] as const;

/** A bucket's start as a short date in the reader's language (UTC, as the server bucketed it). */
export function bucketLabel(start: string, locale: string): string {
  return new Date(start).toLocaleDateString(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' });
}

/** The charts of the assistant page from one usage report: messages, latency and tool calls per bucket, ratings over the range. */
export function usageCharts(report: UsageReportView, texts: ChartTexts, locale: string): UsageCharts {
  const labels = report.buckets.map((b) => bucketLabel(b.start, locale));
  return {
    messages: {
      labels,
      series: [
        { label: texts.messages, data: report.buckets.map((b) => b.messages) },
        { label: texts.failed, data: report.buckets.map((b) => b.failedAnswers) },
      ],
    },
    latency: {
      labels,
      series: [
        { label: texts.p50, data: report.buckets.map((b) => b.latencyMs.p50) },
        { label: texts.p95, data: report.buckets.map((b) => b.latencyMs.p95) },
      ],
    },
    ratings: {
      labels: STARS.map((n) => texts.stars(Number(n))),
      series: [{ label: texts.answers, data: STARS.map((n) => report.totals.ratings.distribution[n]) }],
    },
    toolCalls: {
      labels,
      series: [
        { label: texts.toolCalls, data: report.buckets.map((b) => b.toolCalls) },
        { label: texts.failedToolCalls, data: report.buckets.map((b) => b.failedToolCalls) },
      ],
    },
  };
}
