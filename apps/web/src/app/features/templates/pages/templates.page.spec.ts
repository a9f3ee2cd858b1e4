import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { TemplateView } from '@assistants/common';
import { provideTranslateService } from '@ngx-translate/core';
import { AuthService } from '../../../core/auth/auth.service';
import { TemplatesPage } from './templates.page';
import { DialogService } from '../../../shared/dialog/dialog.service';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const LIST_WAIT_MS = 300;

const template = (id: string, ownerId: string, tags: string[]): TemplateView => ({
  id,
  name: `Template ${id}`,
  description: '',
  templateType: 'qa',
  promptText: 'Answer {{question}}.',
  variables: ['question'],
  responseFormat: 'markdown',
  tags,
  isPublic: ownerId !== 'me',
  ownerId,
  usageCount: 7,
  averageRating: 4.25,
  ratingCount: 4,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

describe('TemplatesPage', () => {
  it('lists templates with usage and rating, filters by a clicked tag, and deletes only its own after asking', async () => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideTranslateService(),
        { provide: AuthService, useValue: { user: signal({ id: 'me', role: 'user' }) } },
      ],
    });
    const http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(TemplatesPage);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    expect(element.querySelector('[role=status]')!.textContent).toContain('templates.loading');

    await pause(LIST_WAIT_MS);
    http
      .expectOne((r) => r.url === '/api/templates' && !r.params.has('tag'))
      .flush({ items: [template('a', 'me', ['hr']), template('b', 'other', ['it'])], total: 2, limit: 100, offset: 0 });
    await fixture.whenStable();
    const cards = () => Array.from(element.querySelectorAll('app-template-card'));
    expect(cards()).toHaveLength(2);
    expect(cards()[0].textContent).toContain('★ 4.25 (4)');
    // Edit and delete only on the person's own template.
    expect(cards().map((c) => c.querySelectorAll('footer button').length)).toEqual([2, 0]);

    cards()[1].querySelector<HTMLButtonElement>('.tag')!.click();
    await pause(LIST_WAIT_MS);
    const filtered = http.expectOne((r) => r.url === '/api/templates' && r.params.get('tag') === 'it');
    filtered.flush({ items: [template('b', 'other', ['it'])], total: 1, limit: 100, offset: 0 });
    await fixture.whenStable();
    expect(cards()).toHaveLength(1);
    expect(element.querySelector('.tag-filter')!.textContent).toContain('#it');
    element.querySelector<HTMLButtonElement>('.tag-filter')!.click();
    await pause(LIST_WAIT_MS);
    http.expectOne((r) => r.url === '/api/templates' && !r.params.has('tag')).flush({ items: [template('a', 'me', ['hr'])], total: 1, limit: 100, offset: 0 });
    await fixture.whenStable();

    const confirm = vi.spyOn(TestBed.inject(DialogService), 'confirm').mockResolvedValueOnce(false).mockResolvedValueOnce(true);
    const remove = () => element.querySelector<HTMLButtonElement>('app-template-card footer button.danger')!.click();
    remove();
    await fixture.whenStable();
    http.expectNone({ method: 'DELETE' });
    remove();
    await fixture.whenStable();
    http.expectOne({ method: 'DELETE', url: '/api/templates/a' }).flush(null, { status: 204, statusText: 'No Content' });
    await fixture.whenStable();
    await pause(LIST_WAIT_MS);
    http.expectOne((r) => r.url === '/api/templates').flush({ items: [], total: 0, limit: 100, offset: 0 });
    await fixture.whenStable();
    expect(element.textContent).toContain('templates.empty');
    expect(confirm).toHaveBeenCalledTimes(2);
    http.verify();
  });
});
