import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { TemplateView } from '@assistants/common';
import { provideTranslateService } from '@ngx-translate/core';
import { DEFAULT_CHOICE, NO_TEMPLATE, TemplatePicker, selectionOf, unfilledOf, type TemplateChoice } from './template-picker';

const template = (id: string, name: string, promptText: string, variables: string[]): TemplateView => ({
  id,
  name,
  description: '',
  templateType: 'general',
  promptText,
  variables,
  responseFormat: 'markdown',
  tags: [],
  isPublic: false,
  ownerId: 'u1',
  usageCount: 0,
  averageRating: null,
  ratingCount: 0,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});
const brief = template('t1', 'Brief', 'Answer {{question}} briefly.', ['question']);
const translateTo = template('t2', 'Translate', 'Answer {{question}} in {{language}} for {{audience}}.', ['question', 'language', 'audience']);

@Component({
  imports: [TemplatePicker],
  template: `<app-template-picker [templates]="templates" [defaultTemplateId]="defaultId()" [(choice)]="choice" />`,
})
class Host {
  readonly templates = [brief, translateTo];
  readonly defaultId = signal<string | null>('t1');
  readonly choice = signal<TemplateChoice>(DEFAULT_CHOICE);
}

describe('TemplatePicker', () => {
  it("starts on the assistant's default, asks for the picked template's variables except question, and keeps what was typed", async () => {
    TestBed.configureTestingModule({ providers: [provideTranslateService()] });
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    const select = element.querySelector('select')!;
    expect(select.value).toBe('t1');
    // "No template" is offered even with a default.
    expect(Array.from(select.options).map((o) => o.value)).toEqual([NO_TEMPLATE, 't1', 't2']);
    expect(element.querySelectorAll('input.var')).toHaveLength(0);
    expect(element.textContent).toContain('chat.templatePicker.fromMessage');

    select.value = 't2';
    select.dispatchEvent(new Event('change'));
    await fixture.whenStable();
    const inputs = Array.from(element.querySelectorAll<HTMLInputElement>('input.var'));
    expect(inputs.map((i) => i.placeholder)).toEqual(['language', 'audience']);
    inputs[0].value = 'Russian';
    inputs[0].dispatchEvent(new Event('input'));
    expect(fixture.componentInstance.choice()).toEqual({ templateId: 't2', values: { language: 'Russian' } });
    // What is still empty is said before sending.
    await fixture.whenStable();
    expect(element.querySelector('.unfilled')?.textContent).toContain('settings.picker.unfilled');

    select.value = NO_TEMPLATE;
    select.dispatchEvent(new Event('change'));
    await fixture.whenStable();
    expect(fixture.componentInstance.choice().templateId).toBe(NO_TEMPLATE);
    expect(element.querySelector('.unfilled')).toBeNull();

    // Without a default, "no template" is where it starts.
    fixture.componentInstance.defaultId.set(null);
    fixture.componentInstance.choice.set(DEFAULT_CHOICE);
    await fixture.whenStable();
    expect(select.value).toBe(NO_TEMPLATE);
  });

  it('lists the variables still empty (blank counts as empty, question never), and "no template" sends templateId null', () => {
    const templates = [brief, translateTo];
    expect(unfilledOf({ templateId: 't2', values: { language: 'ru', audience: ' ' } }, templates, 't1')).toEqual(['audience']);
    expect(unfilledOf(DEFAULT_CHOICE, templates, 't2')).toEqual(['language', 'audience']);
    expect(unfilledOf({ templateId: NO_TEMPLATE, values: {} }, templates, 't2')).toEqual([]);
    expect(selectionOf({ templateId: NO_TEMPLATE, values: { language: 'ru' } }, templates, 't2')).toEqual({ templateId: null });
  });

  it('sends the chosen template with the values of its own variables that were filled, or nothing', () => {
    const templates = [brief, translateTo];
    expect(selectionOf({ templateId: 't2', values: { language: ' Russian ', audience: '  ', question: 'x', other: 'y' } }, templates, 't1')).toEqual({
      templateId: 't2',
      variables: { language: 'Russian' },
    });
    expect(selectionOf(DEFAULT_CHOICE, templates, 't1')).toEqual({ templateId: 't1' });
    expect(selectionOf(DEFAULT_CHOICE, templates, null)).toEqual({});
    expect(selectionOf({ templateId: 'gone', values: {} }, templates, null)).toEqual({});
  });
});
