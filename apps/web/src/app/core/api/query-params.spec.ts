import type { ListTemplatesQuery } from '@assistants/common';
import { queryParams } from './query-params';

describe('queryParams', () => {
  it('keeps the values given, in key order, and leaves out undefined and empty ones', () => {
    const query: ListTemplatesQuery = { limit: 100, search: '', type: undefined, tag: 'hr', offset: 0 };
    expect(queryParams(query).toString()).toBe('limit=100&tag=hr&offset=0');
  });

  it('sends booleans as the API reads them', () => {
    expect(queryParams({ mine: true, isPublic: false }).toString()).toBe('mine=true&isPublic=false');
  });
});
