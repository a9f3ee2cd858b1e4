import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { UsageFiguresView, UsageReportView } from '@assistants/common';
import { provideTranslateService } from '@ngx-translate/core';
import { UsagePanel } from './usage-panel';

const figures: UsageFiguresView = {
  messages: 12,
  failedAnswers: 1,
  conversations: 3,
  tokens: { prompt: 900, completion: 300, total: 1200 },
  latencyMs: { p50: 840.5, p95: 2100 },
  ratings: { count: 2, average: 4.5, distribution: { 1: 0, 2: 0, 3: 0, 4: 1, 5: 1 } },
  toolCalls: 0,
  failedToolCalls: 0,
};
const withTools: UsageFiguresView = { ...figures, toolCalls: 7, failedToolCalls: 2 };
const report = (totals: UsageFiguresView, tools: UsageReportView['tools'] = []): UsageReportView => ({
  assistantId: 'a1',
  bucket: 'day',
  from: '2026-11-01T00:00:00.000Z',
  to: '2026-11-02T00:00:00.000Z',
  buckets: [{ start: '2026-11-01T00:00:00.000Z', ...totals }],
  totals,
  tools,
});

describe('UsagePanel', () => {
  async function render() {
    // jsdom has no canvas: the panel then shows the figures without drawing.
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideTranslateService()] });
    const fixture = TestBed.createComponent(UsagePanel);
    fixture.componentRef.setInput('assistantId', 'a1');
    fixture.detectChanges();
    const settle = async () => {
      await new Promise((resolve) => setTimeout(resolve));
      await fixture.whenStable();
      fixture.detectChanges();
    };
    return { fixture, settle, http: TestBed.inject(HttpTestingController), element: fixture.nativeElement as HTMLElement };
  }

  it("asks for the assistant's usage and shows the totals beside a canvas per chart", async () => {
    const { http, element, settle } = await render();
    expect(element.querySelector('[role=status]')!.textContent).toBe('assistantPage.usage.loading');
    http.expectOne('/api/assistants/a1/usage').flush(report(figures));
    await settle();
    const totals = Array.from(element.querySelectorAll('.totals strong')).map((e) => e.textContent!.trim());
    expect(totals).toEqual(['12', '3', 'assistantPage.usage.ms', '4.5', '1200']);
    // No tool was called: no tool figures at all.
    expect(Array.from(element.querySelectorAll('canvas')).map((c) => c.dataset['chart'])).toEqual(['messages', 'latency', 'ratings']);
    expect(element.querySelector('app-usage-tools-table')).toBeNull();
  });

  it('adds the tool calls: a total, a chart per day and the table of tools', async () => {
    const { http, element, settle } = await render();
    http
      .expectOne('/api/assistants/a1/usage')
      .flush(report(withTools, [{ server: 'kb', name: 'search', calls: 7, failed: 2, rejected: 0, p50Ms: 120, p95Ms: 900 }]));
    await settle();
    const tile = element.querySelector('.totals .tool-calls')!;
    expect(tile.querySelector('strong')!.textContent!.trim()).toBe('7');
    // Without dictionaries the keys show.
    expect(tile.querySelector('span')!.textContent!.replace(/\s+/g, ' ').trim()).toBe('assistantPage.usage.toolCallsTotal · assistantPage.usage.failedCalls');
    expect(Array.from(element.querySelectorAll('canvas')).map((c) => c.dataset['chart'])).toEqual(['messages', 'latency', 'ratings', 'toolCalls']);
    expect(element.querySelector('app-usage-tools-table tbody th')!.textContent).toBe('kb/search');
  });

  it('says in plain words when the figures cannot be read', async () => {
    const { http, element, settle } = await render();
    http.expectOne('/api/assistants/a1/usage').flush(null, { status: 0, statusText: 'Unknown Error' });
    await settle();
    expect(element.querySelector('[role=alert]')!.textContent).toBe('The server cannot be reached. Check your connection and try again.');
  });
});
