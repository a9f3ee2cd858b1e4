import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  afterRenderEffect,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
  viewChildren,
} from '@angular/core';
import type { UsageReportView } from '@assistants/common';
import { TranslatePipe, TranslateService } from '@ngx-translate/core';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import { firstValueFrom } from 'rxjs';
import { errorMessage } from '../../../core/api/api-error';
import { LanguageService } from '../../../core/i18n/language.service';
import { ThemeService } from '../../../core/theme/theme.service';
import { UsageService } from '../services/usage.service';
import { usageCharts, type ChartData, type UsageCharts } from './usage-chart-data';
import { duration } from './usage-duration';
import { UsageToolsTable } from './usage-tools-table';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Legend);

const COLOURS = ['#2f5bea', '#c62828', '#1e7a3c', '#f0a500', '#7b61ff'];

function config(kind: 'bar' | 'line', data: ChartData, stacked = false): ChartConfiguration {
  return {
    type: kind,
    data: {
      labels: data.labels,
      datasets: data.series.map((s, i) => ({
        label: s.label,
        data: s.data,
        backgroundColor: COLOURS[i],
        borderColor: COLOURS[i],
        spanGaps: true,
        pointRadius: 2,
      })),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend: { display: data.series.length > 1, position: 'bottom' } },
      scales: { x: { stacked }, y: { beginAtZero: true, stacked, ticks: { precision: 0 } } },
    },
  };
}

/** The assistant's usage over the last 30 days: totals, chart.js charts, and the tools it called. */
@Component({
  selector: 'app-usage-panel',
  imports: [TranslatePipe, UsageToolsTable],
  template: `
    <h2>{{ 'assistantPage.usage.title' | translate }}</h2>
    @if (report(); as r) {
      <div class="totals">
        <div><strong>{{ r.totals.messages }}</strong><span>{{ 'assistantPage.usage.messages' | translate }}</span></div>
        <div><strong>{{ r.totals.conversations }}</strong><span>{{ 'catalogue.conversations' | translate }}</span></div>
        <div><strong>@if (duration(r.totals.latencyMs.p50); as d) { {{ 'assistantPage.usage.' + d.unit | translate: { n: d.n } }} } @else { — }</strong><span>{{ 'assistantPage.usage.medianTime' | translate }}</span></div>
        <div><strong>{{ r.totals.ratings.average ?? '—' }}</strong><span>{{ 'catalogue.rating' | translate }} ({{ r.totals.ratings.count }})</span></div>
        <div><strong>{{ r.totals.tokens.total }}</strong><span>{{ 'assistantPage.usage.tokens' | translate }}</span></div>
        @if (r.totals.toolCalls) {
          <div class="tool-calls">
            <strong>{{ r.totals.toolCalls }}</strong>
            <span>{{ 'assistantPage.usage.toolCallsTotal' | translate: { n: r.totals.toolCalls } }}@if (r.totals.failedToolCalls) { · {{ 'assistantPage.usage.failedCalls' | translate: { n: r.totals.failedToolCalls } }} }</span>
          </div>
        }
      </div>
      @if (!r.totals.messages) { <p class="muted">{{ 'assistantPage.usage.noData' | translate }}</p> }
      <div class="charts">
        <figure><figcaption>{{ 'assistantPage.usage.messagesPerDay' | translate }}</figcaption><div class="box"><canvas #chart data-chart="messages"></canvas></div></figure>
        <figure><figcaption>{{ 'assistantPage.usage.latency' | translate }}</figcaption><div class="box"><canvas #chart data-chart="latency"></canvas></div></figure>
        <figure><figcaption>{{ 'assistantPage.usage.ratings' | translate }}</figcaption><div class="box"><canvas #chart data-chart="ratings"></canvas></div></figure>
        @if (r.totals.toolCalls) {
          <figure><figcaption>{{ 'assistantPage.usage.toolCallsPerDay' | translate }}</figcaption><div class="box"><canvas #chart data-chart="toolCalls"></canvas></div></figure>
        }
      </div>
      @if (r.tools.length) { <app-usage-tools-table [tools]="r.tools" /> }
    } @else if (error(); as message) {
      <p class="error" role="alert">{{ message }}</p>
    } @else {
      <p class="muted" role="status">{{ 'assistantPage.usage.loading' | translate }}</p>
    }
  `,
  styles: `
    :host { display: block; }
    h2 { font-size: 1.05rem; margin: 0 0 .5rem; }
    .totals { display: grid; grid-template-columns: repeat(auto-fit, minmax(120px, 1fr)); gap: .6rem; margin-bottom: .75rem; }
    .totals div { background: var(--surface); border: 1px solid var(--border); border-radius: 10px; padding: .6rem .75rem; display: flex; flex-direction: column; }
    .totals strong { font-size: 1.3rem; }
    .totals span { color: var(--muted); font-size: .8rem; }
    .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(250px, 1fr)); gap: .75rem; }
    figure { margin: 0; background: var(--surface); border: 1px solid var(--border); border-radius: 10px; padding: .6rem; min-width: 0; }
    figcaption { font-size: .85rem; color: var(--muted); margin-bottom: .35rem; }
    .box { position: relative; height: 190px; }
    app-usage-tools-table { margin-top: .75rem; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UsagePanel {
  private readonly usage = inject(UsageService);
  private readonly translate = inject(TranslateService);
  private readonly language = inject(LanguageService);
  private readonly theme = inject(ThemeService);
  readonly assistantId = input.required<string>();
  protected readonly report = signal<UsageReportView | null>(null);
  protected readonly error = signal<string | null>(null);
  private readonly canvases = viewChildren<ElementRef<HTMLCanvasElement>>('chart');
  private readonly charts = computed(() => {
    const report = this.report();
    const language = this.language.current();
    if (!report) return null;
    const t = (key: string, params?: object) => this.translate.instant(`assistantPage.usage.${key}`, params) as string;
    const texts = {
      messages: t('messages'),
      failed: t('failed'),
      p50: t('p50'),
      p95: t('p95'),
      answers: t('answers'),
      stars: (n: number) => t('stars', { n }),
      toolCalls: t('toolCalls'),
      failedToolCalls: t('failedToolCalls'),
    };
    return usageCharts(report, texts, language);
  });
  private drawn: Chart[] = [];

  constructor() {
    effect(() => {
      const id = this.assistantId();
      untracked(() => void this.load(id));
    });
    inject(DestroyRef).onDestroy(() => this.destroyCharts());
    afterRenderEffect(() => {
      const charts = this.charts();
      const canvases = this.canvases();
      this.theme.current(); // drawn again in the new colours when the theme changes
      this.destroyCharts();
      if (!charts) return;
      // Axis texts and grid lines in the page's colours, so they stay readable in the dark.
      const style = getComputedStyle(document.documentElement);
      Chart.defaults.color = style.getPropertyValue('--muted').trim() || Chart.defaults.color;
      Chart.defaults.borderColor = style.getPropertyValue('--border').trim() || Chart.defaults.borderColor;
      // Failed tool calls are some of the calls, so their bars stand beside them, not on top.
      const configs: Record<keyof UsageCharts, ChartConfiguration> = {
        messages: config('bar', charts.messages, true),
        latency: config('line', charts.latency),
        ratings: config('bar', charts.ratings),
        toolCalls: config('bar', charts.toolCalls),
      };
      for (const canvas of canvases) {
        const chart = configs[canvas.nativeElement.dataset['chart'] as keyof UsageCharts];
        // Without a 2D context (a browser without canvas) the figures above still tell the story.
        const context = canvas.nativeElement.getContext('2d');
        if (chart && context) this.drawn.push(new Chart(context, chart));
      }
    });
  }

  /** 840 ms, 3.1 s; null before the first answer. */
  protected readonly duration = duration;

  private destroyCharts(): void {
    for (const chart of this.drawn) chart.destroy();
    this.drawn = [];
  }

  private async load(id: string): Promise<void> {
    try {
      this.report.set(await firstValueFrom(this.usage.forAssistant(id)));
      this.error.set(null);
    } catch (error) {
      this.error.set(errorMessage(error));
    }
  }
}
