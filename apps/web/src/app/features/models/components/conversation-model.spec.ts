import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { ConversationModelView } from '@assistants/common';
import { provideTranslateService } from '@ngx-translate/core';
import { errorInterceptor } from '../../../core/api/interceptors';
import { settler } from '../../../testing/settle';
import { ConversationModel } from './conversation-model';

const current: ConversationModelView = { providerId: 'p1', provider: 'Second', model: 'second-small', chosen: false, allowModelChoice: true };

async function setup() {
  TestBed.configureTestingModule({
    providers: [provideHttpClient(withInterceptors([errorInterceptor])), provideHttpClientTesting(), provideTranslateService()],
  });
  const fixture = TestBed.createComponent(ConversationModel);
  fixture.componentRef.setInput('conversationId', 'c1');
  fixture.detectChanges();
  const http = TestBed.inject(HttpTestingController);
  return { http, element: fixture.nativeElement as HTMLElement, settle: settler(fixture) };
}

describe('ConversationModel', () => {
  afterEach(() => TestBed.inject(HttpTestingController).verify());

  it('shows nothing when the owner does not let people choose', async () => {
    const { http, element, settle } = await setup();
    http.expectOne('/api/conversations/c1/model').flush({ ...current, allowModelChoice: false });
    await settle();
    expect(element.querySelector('select')).toBeNull();
  });

  it('offers every model and stores the choice on the conversation', async () => {
    const { http, element, settle } = await setup();
    http.expectOne('/api/conversations/c1/model').flush(current);
    await settle();
    http.expectOne('/api/llm-providers/models').flush([
      { providerId: null, provider: 'Built-in', model: 'gpt-4o-mini' },
      { providerId: 'p1', provider: 'Second', model: 'second-small' },
    ]);
    await settle();
    const select = element.querySelector<HTMLSelectElement>('select#conversation-model')!;
    expect(select.value).toBe('p1|second-small');
    select.value = '|gpt-4o-mini';
    select.dispatchEvent(new Event('change'));
    const put = http.expectOne((r) => r.method === 'PUT' && r.url === '/api/conversations/c1/model');
    expect(put.request.body).toEqual({ providerId: null, model: 'gpt-4o-mini' });
    put.flush({ providerId: null, provider: 'Built-in', model: 'gpt-4o-mini', chosen: true, allowModelChoice: true });
    await settle();
    expect(select.value).toBe('|gpt-4o-mini');
  });
});
