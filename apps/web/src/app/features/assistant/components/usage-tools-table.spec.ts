import { TestBed } from '@angular/core/testing';
import type { UsageToolView } from '@assistants/common';
import { LanguageService } from '../../../core/i18n/language.service';
import { provideAppTranslations } from '../../../core/i18n/provide-translations';
import { UsageToolsTable } from './usage-tools-table';

const tool = (server: string, name: string, over: Partial<UsageToolView> = {}): UsageToolView => ({
  server,
  name,
  calls: 1,
  failed: 0,
  rejected: 0,
  p50Ms: null,
  p95Ms: null,
  ...over,
});

describe('UsageToolsTable', () => {
  function render(tools: UsageToolView[]) {
    TestBed.configureTestingModule({
      providers: [provideAppTranslations()],
    });
    const fixture = TestBed.createComponent(UsageToolsTable);
    fixture.componentRef.setInput('tools', tools);
    fixture.detectChanges();
    const element = fixture.nativeElement as HTMLElement;
    const text = (selector: string) => Array.from(element.querySelectorAll(selector)).map((e) => e.textContent!.replace(/\s+/g, ' ').trim());
    return { fixture, text, language: TestBed.inject(LanguageService) };
  }

  it('lists each tool with its calls, failures, rejections and durations, in the order given', () => {
    const { text } = render([
      tool('kb', 'search', { calls: 6, failed: 1, rejected: 1, p50Ms: 300, p95Ms: 2880 }),
      tool('builtin', 'clock', { calls: 2, p50Ms: 50, p95Ms: 50 }),
      tool('unknown', 'made_up', { failed: 1 }),
    ]);
    expect(text('thead th')).toEqual(['Tool', 'Calls', 'Failures', 'Rejected', 'Median (p50)', 'p95']);
    expect(text('tbody tr > *')).toEqual(
      [
        ['kb/search', '6', '1', '1', '300 ms', '2.9 s'],
        ['builtin/clock', '2', '0', '0', '50 ms', '50 ms'],
        ['unknown/made_up', '1', '1', '0', '—', '—'],
      ].flat(),
    );
    expect(text('caption')).toEqual(['Tools called 3 tools']);
  });

  it('counts the tools with the plural form of the interface language', () => {
    const { fixture, text, language } = render([tool('kb', 'search')]);
    expect(text('caption .muted')).toEqual(['1 tool']);
    language.use('ru');
    const forms: string[] = [];
    for (const n of [1, 3, 5, 21]) {
      fixture.componentRef.setInput(
        'tools',
        Array.from({ length: n }, (_, i) => tool('kb', `t${i}`)),
      );
      fixture.detectChanges();
      forms.push(...text('caption .muted'));
    }
    expect(forms).toEqual(['1 инструмент', '3 инструмента', '5 инструментов', '21 инструмент']);
    expect(text('thead th')[0]).toBe('Инструмент');
  });
});
