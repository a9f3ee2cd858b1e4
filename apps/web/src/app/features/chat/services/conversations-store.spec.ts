import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { ConversationView } from '@assistants/common';
import { ConversationsStore } from './conversations-store';

const conversation = (id: string, tags: string[]) => ({ id, title: id, tags }) as ConversationView;
const page = (items: ConversationView[]) => ({ items, total: items.length, limit: 100, offset: 0 });

function setup() {
  TestBed.configureTestingModule({ providers: [ConversationsStore, provideHttpClient(), provideHttpClientTesting()] });
  return { store: TestBed.inject(ConversationsStore), http: TestBed.inject(HttpTestingController) };
}

describe('ConversationsStore', () => {
  it('asks the server for the filter’s tag only, and still offers every tag seen without one', async () => {
    const { store, http } = setup();
    let loaded = store.load('a1', false);
    http.expectOne((r) => r.url === '/api/conversations' && !r.params.has('tag')).flush(page([conversation('c1', ['travel', 'hr']), conversation('c2', [])]));
    await loaded;
    expect(store.tagsInUse()).toEqual(['hr', 'travel']);

    store.tagFilter.set('hr');
    loaded = store.load('a1', false);
    const request = http.expectOne((r) => r.url === '/api/conversations');
    expect(request.request.params.get('tag')).toBe('hr');
    expect(request.request.params.get('status')).toBe('active');
    request.flush(page([conversation('c1', ['travel', 'hr'])]));
    await loaded;
    expect(store.conversations().map((c) => c.id)).toEqual(['c1']);
    expect(store.tagsInUse()).toEqual(['hr', 'travel']);
  });

  it('an answer to an older request does not replace the newer list', async () => {
    const { store, http } = setup();
    const first = store.load('a1', false);
    store.tagFilter.set('hr');
    const second = store.load('a1', false);
    const [old, latest] = http.match((r) => r.url === '/api/conversations');
    latest.flush(page([conversation('c1', ['hr'])]));
    old.flush(page([conversation('c1', ['hr']), conversation('c2', [])]));
    await Promise.all([first, second]);
    expect(store.conversations().map((c) => c.id)).toEqual(['c1']);
  });

  it('saves the tags with PATCH; under a filter a conversation without its tag leaves the list', async () => {
    const { store, http } = setup();
    store.tagFilter.set('hr');
    const loaded = store.load('a1', false);
    http.expectOne('/api/conversations?assistantId=a1&status=active&limit=100&tag=hr').flush(page([conversation('c1', ['hr']), conversation('c2', ['hr'])]));
    await loaded;

    const kept = store.setTags(store.conversations()[0], ['hr', 'new']);
    const patch = http.expectOne('/api/conversations/c1');
    expect([patch.request.method, patch.request.body]).toEqual(['PATCH', { tags: ['hr', 'new'] }]);
    patch.flush(conversation('c1', ['hr', 'new']));
    await kept;
    expect(store.conversations()[0].tags).toEqual(['hr', 'new']);
    expect(store.tagsInUse()).toEqual(['hr', 'new']);

    const dropped = store.setTags(store.conversations()[1], []);
    http.expectOne('/api/conversations/c2').flush(conversation('c2', []));
    await dropped;
    expect(store.conversations().map((c) => c.id)).toEqual(['c1']);
  });
});
