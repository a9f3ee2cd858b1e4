import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { TemplateView } from '@assistants/common';
import { provideTranslateService } from '@ngx-translate/core';
import { PREVIEW_DEBOUNCE_MS, TemplateEditor } from './template-editor';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const stored: TemplateView = {
  id: 't1',
  name: 'Polite',
  description: '',
  templateType: 'support',
  promptText: 'Answer {{question}} politely in {{language}}.',
  variables: ['question', 'language'],
  responseFormat: 'markdown',
  tags: ['hr'],
  isPublic: false,
  ownerId: 'u1',
  usageCount: 3,
  averageRating: 4.5,
  ratingCount: 2,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

function setup(template: TemplateView | null = null) {
  TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideTranslateService()] });
  const fixture = TestBed.createComponent(TemplateEditor);
  fixture.componentRef.setInput('template', template);
  const saved: TemplateView[] = [];
  fixture.componentInstance.saved.subscribe((t) => saved.push(t));
  const element = fixture.nativeElement as HTMLElement;
  const type = async (selector: string, value: string) => {
    const field = element.querySelector<HTMLInputElement | HTMLTextAreaElement>(selector)!;
    field.value = value;
    field.dispatchEvent(new Event('input'));
    await fixture.whenStable();
  };
  return { fixture, element, saved, type, http: TestBed.inject(HttpTestingController) };
}

describe('TemplateEditor', () => {
  it('gives each {{variable}} an input and previews the text through the server, once typing pauses', async () => {
    const { fixture, element, type, http } = setup();
    await fixture.whenStable();
    await type('#te-text', 'Hello {{ name }}, about {{topic}}: {{name}}');
    expect(Array.from(element.querySelectorAll('.var label')).map((l) => l.textContent)).toEqual(['name', 'topic']);
    await type('#te-var-name', 'Ann');
    // Nothing is asked while typing goes on; one request after the pause, with the filled values only.
    http.expectNone('/api/templates/preview');
    await pause(PREVIEW_DEBOUNCE_MS + 50);
    const request = http.expectOne('/api/templates/preview');
    expect(request.request.body).toEqual({ promptText: 'Hello {{ name }}, about {{topic}}: {{name}}', variables: { name: 'Ann' } });
    request.flush({ text: 'Hello Ann, about {{topic}}: Ann', missing: ['topic'], variables: ['name', 'topic'] });
    await fixture.whenStable();
    expect(element.querySelector('[data-testid=template-preview]')!.textContent).toBe('Hello Ann, about {{topic}}: Ann');
    expect(element.textContent).toContain('templates.missing');
    http.verify();
  });

  it("shows the server's validation messages by their fields, then saves the corrected template", async () => {
    const { fixture, element, saved, type, http } = setup();
    await fixture.whenStable();
    await type('#te-text', 'Summarise {{question}}');
    await type('#te-tags', 'hr, bad/tag');
    element.querySelector<HTMLFormElement>('form')!.dispatchEvent(new Event('submit'));
    const first = http.expectOne({ method: 'POST', url: '/api/templates' });
    expect(first.request.body).toMatchObject({
      name: '',
      promptText: 'Summarise {{question}}',
      tags: ['hr', 'bad/tag'],
      templateType: 'general',
      isPublic: false,
    });
    first.flush(
      {
        type: 'about:blank',
        title: 'Bad Request',
        status: 400,
        errors: [
          { field: 'name', messages: ['name should not be empty'] },
          { field: 'tags.1', messages: ['each tag must be 1-40 letters'] },
        ],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await fixture.whenStable();
    const alerts = () => Array.from(element.querySelectorAll('[role=alert]')).map((a) => a.textContent!.trim());
    expect(alerts()).toEqual(['name should not be empty', 'each tag must be 1-40 letters']);
    expect(element.querySelector('#te-name')!.getAttribute('aria-invalid')).toBe('true');

    await type('#te-name', 'Summary');
    await type('#te-tags', 'hr');
    element.querySelector<HTMLFormElement>('form')!.dispatchEvent(new Event('submit'));
    const second = http.expectOne({ method: 'POST', url: '/api/templates' });
    second.flush({ ...stored, id: 't2', name: 'Summary' });
    await fixture.whenStable();
    expect(saved.map((t) => t.name)).toEqual(['Summary']);
    expect(alerts()).toEqual([]);
    await pause(PREVIEW_DEBOUNCE_MS + 50);
    http.match('/api/templates/preview');
  });

  it('edits an existing template with PATCH, its fields filled in', async () => {
    const { fixture, element, saved, http } = setup(stored);
    await fixture.whenStable();
    expect(element.querySelector<HTMLInputElement>('#te-name')!.value).toBe('Polite');
    expect(element.querySelector<HTMLInputElement>('#te-tags')!.value).toBe('hr');
    expect(Array.from(element.querySelectorAll('.var label')).map((l) => l.textContent)).toEqual(['question', 'language']);
    element.querySelector<HTMLFormElement>('form')!.dispatchEvent(new Event('submit'));
    const request = http.expectOne({ method: 'PATCH', url: '/api/templates/t1' });
    expect(request.request.body).toMatchObject({ name: 'Polite', templateType: 'support', tags: ['hr'] });
    request.flush(stored);
    await fixture.whenStable();
    expect(saved).toHaveLength(1);
    await pause(PREVIEW_DEBOUNCE_MS + 50);
    http.match('/api/templates/preview');
  });
});
